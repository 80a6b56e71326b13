interface BarChartProps {
  title: string;
  data: { label: string; value: number }[];
  /** Unit for the table fallback's value column, e.g. "Tokens". */
  valueLabel: string;
}

const WIDTH = 600;
const HEIGHT = 120;
const GAP = 0.2;

/**
 * Bars in plain SVG, stretched to the card's width at a fixed height, with the axis labels in
 * HTML so they keep their size. The same numbers are in a table for screen readers.
 */
export function BarChart({ title, data, valueLabel }: BarChartProps) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const slot = data.length > 0 ? WIDTH / data.length : WIDTH;
  const total = data.reduce((sum, d) => sum + d.value, 0);

  return (
    <figure className="chart">
      <div className="chart-plot">
        <span className="chart-max" aria-hidden="true">
          {max}
        </span>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={`${title}: ${total} in all, at most ${max} a day`}
        >
          {data.map((d, i) => {
            const height = (d.value / max) * HEIGHT;
            return (
              <rect
                key={d.label}
                x={i * slot + (slot * GAP) / 2}
                y={HEIGHT - height}
                width={slot * (1 - GAP)}
                height={height}
                className="chart-bar"
              >
                <title>{`${d.label}: ${d.value}`}</title>
              </rect>
            );
          })}
        </svg>
      </div>
      <div className="chart-axis" aria-hidden="true">
        <span>{data[0]?.label}</span>
        <span>{data[data.length - 1]?.label}</span>
      </div>
      <details className="chart-table">
        <summary>Show as a table</summary>
        <table className="table table-compact">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col" className="num">
                {valueLabel}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.label}>
                <td>{d.label}</td>
                <td className="num">{d.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
