export interface SuiteOptions {
  /** Seconds-long smoke run: one round, tiny counts; used by `npm test` so the suite cannot rot. */
  quick: boolean;
  rounds: number;
  /** Length of one measured run. */
  seconds: number;
  /** `--seconds` as given, if it was: a suite with a length of its own (soak) uses it for that. */
  requestedSeconds?: number | undefined;
  /** `--rounds` as given, if it was: a suite with more rounds of its own (people) uses it instead. */
  requestedRounds?: number | undefined;
  warmupSeconds: number;
  log: (line: string) => void;
  /** Set when a PostgreSQL server is reachable for the Gatehouse-on-PostgreSQL rows. */
  postgresUrl?: string | undefined;
}

export interface Row {
  [column: string]: string | number;
}

/** A target of the issue, measured as a ratio in the same run. */
export interface Check {
  name: string;
  actual: number;
  /** Human form of the target, e.g. "≥ 3x oidc-provider". */
  target: string;
  pass: boolean;
}

export interface SuiteResult {
  id: string;
  title: string;
  columns: string[];
  rows: Row[];
  checks: Check[];
  notes: string[];
}
