import { type GatewayConfigInput, jsonLogger, type RunningGateway, startGateway } from '../../src/index.js';

export interface LogEntry {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** A gateway on a free loopback port whose log lines the test can read. */
export async function startTestGateway(
  config: Omit<GatewayConfigInput, 'listen'> & { listen?: GatewayConfigInput['listen'] },
): Promise<{ gateway: RunningGateway; logs: LogEntry[]; rawLogs: string[] }> {
  const logs: LogEntry[] = [];
  const rawLogs: string[] = [];
  const gateway = await startGateway(
    { listen: '127.0.0.1:0', ...config },
    {
      logger: jsonLogger('debug', (line) => {
        rawLogs.push(line);
        logs.push(JSON.parse(line) as LogEntry);
      }),
    },
  );
  return { gateway, logs, rawLogs };
}

/** Waits until `check` holds, polling; fails after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
