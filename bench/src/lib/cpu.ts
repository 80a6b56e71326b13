import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (user + system) a process has used so far, in ms; NaN where there is no /proc. */
export function cpuTimeMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}

/** Runs `work` and reports how much CPU the process `pid` spent meanwhile, in µs per request. */
export async function withCpu<T extends { requests: number }>(
  pid: number,
  work: () => Promise<T>,
): Promise<T & { cpuUsPerRequest: number }> {
  const before = cpuTimeMs(pid);
  const result = await work();
  const spent = cpuTimeMs(pid) - before;
  return { ...result, cpuUsPerRequest: result.requests > 0 ? (spent * 1000) / result.requests : Number.NaN };
}
