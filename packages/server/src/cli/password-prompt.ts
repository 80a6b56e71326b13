import { createInterface } from 'node:readline';
import { UsageError } from './errors.js';
import type { Invocation } from './invocation.js';
import { processIo } from './output.js';

/**
 * A new password from GATEHOUSE_NEW_PASSWORD, or typed twice at a terminal without echo. Never
 * from a flag: flags end up in shell history and process lists.
 */
export async function readNewPassword(inv: Invocation): Promise<string> {
  const fromEnv = inv.env.GATEHOUSE_NEW_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (inv.out.io !== processIo || !process.stdin.isTTY) {
    throw new UsageError('set GATEHOUSE_NEW_PASSWORD, or run this in a terminal to type the password');
  }
  const first = await askHidden('New password: ');
  const second = await askHidden('Again: ');
  if (first !== second) throw new UsageError('the two passwords differ; nothing was changed');
  return first;
}

function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // Writes nothing of what is typed: readline would echo it through _writeToOutput.
    const muted = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(question);
    muted._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
