// Cognito's PASSWORD_VERIFIER timestamp, 'ddd MMM D HH:mm:ss UTC YYYY' (`Sat Dec 5 00:31:23 UTC
// 2026`): the day without a leading zero, as the SDKs write it and as Cognito insists.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SHAPE =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]\d?) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/;

const two = (n: number): string => String(n).padStart(2, '0');

/** The instant in Cognito's format, as amazon-cognito-identity-js's DateHelper writes it. */
export function formatSrpTimestamp(ms: number): string {
  const d = new Date(ms);
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${time} UTC ${d.getUTCFullYear()}`;
}

/**
 * The instant a timestamp names, in ms; undefined unless it is exactly that shape and a real
 * date (the weekday agrees, no 31st of April, no zero-padded day).
 */
export function parseSrpTimestamp(text: string): number | undefined {
  const m = SHAPE.exec(text);
  if (!m) return undefined;
  const [, day, month, date, h, min, s, year] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const ms = Date.UTC(Number(year), MONTHS.indexOf(month), Number(date), Number(h), Number(min), Number(s));
  const back = new Date(ms);
  const exact =
    back.getUTCFullYear() === Number(year) &&
    back.getUTCDate() === Number(date) &&
    back.getUTCHours() === Number(h) &&
    back.getUTCMinutes() === Number(min) &&
    back.getUTCSeconds() === Number(s) &&
    DAYS[back.getUTCDay()] === day;
  return exact ? ms : undefined;
}
