import type { MetricObjectWithValues, MetricValue } from 'prom-client';

/** One worker's metrics as prom-client's JSON (`Registry.getMetricsAsJSON`). */
export type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary']);
const AGGREGATORS = new Set(['sum', 'first', 'min', 'max', 'average', 'omit']);
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLabels(value: unknown): value is Record<string, string | number> {
  return (
    isRecord(value) &&
    Object.entries(value).every(
      ([name, label]) => NAME.test(name) && (typeof label === 'string' || typeof label === 'number'),
    )
  );
}

/**
 * A sample, or undefined when it does not fit. The IPC channel carries JSON, which turns NaN
 * (a gauge with nothing to tell yet) and the infinities into null: null comes back as NaN.
 */
function parseValue(value: unknown): MetricValue<string> | undefined {
  if (!isRecord(value) || !isLabels(value.labels)) return undefined;
  const number = value.value === null ? Number.NaN : value.value;
  if (typeof number !== 'number') return undefined;
  const { metricName } = value;
  if (metricName !== undefined && !(typeof metricName === 'string' && NAME.test(metricName)))
    return undefined;
  return metricName === undefined
    ? { value: number, labels: value.labels }
    : ({ value: number, labels: value.labels, metricName } as MetricValue<string>);
}

function parseMetric(metric: unknown): MetricObjectWithValues<MetricValue<string>> | undefined {
  if (!isRecord(metric)) return undefined;
  const { name, help, type, aggregator, values } = metric;
  if (typeof name !== 'string' || !NAME.test(name) || typeof help !== 'string') return undefined;
  if (typeof type !== 'string' || !TYPES.has(type)) return undefined;
  // prom-client sums a metric that names no aggregator.
  const known = aggregator === undefined || (typeof aggregator === 'string' && AGGREGATORS.has(aggregator));
  if (!known || !Array.isArray(values)) return undefined;
  const parsed = values.map(parseValue);
  if (parsed.some((value) => value === undefined)) return undefined;
  return {
    name,
    help,
    type,
    aggregator: aggregator ?? 'sum',
    values: parsed as MetricValue<string>[],
  } as unknown as MetricObjectWithValues<MetricValue<string>>;
}

/** Checks a worker's metrics as the primary receives them; undefined if any part does not fit. */
export function parseMetricsJson(value: unknown): MetricsJson | undefined {
  if (!Array.isArray(value)) return undefined;
  const metrics = value.map(parseMetric);
  return metrics.some((metric) => metric === undefined) ? undefined : (metrics as MetricsJson);
}
