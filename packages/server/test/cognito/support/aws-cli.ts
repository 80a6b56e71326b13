import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's awscli (`apt-get install awscli`), never a copy from a Python environment. */
export const AWS_CLI = '/usr/bin/aws';
export const hasAwsCli = (): boolean => existsSync(AWS_CLI);

export interface AwsResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

/**
 * Runs `aws cognito-idp …args --endpoint-url URL --region local` with only the given keys: no
 * configuration or credential file, no instance metadata, a throwaway home, so nothing on the
 * machine (or in AWS) is read or reached.
 */
export function awsCognito(
  endpoint: string,
  args: readonly string[],
  keys: { accessKeyId: string; secretAccessKey: string },
): Promise<AwsResult> {
  const home = mkdtempSync(join(tmpdir(), 'gatehouse-awscli-'));
  const env: Record<string, string> = {
    PATH: '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_CLI_AUTO_PROMPT: 'off',
  };
  const argv = ['cognito-idp', ...args, '--endpoint-url', endpoint, '--region', 'local', '--output', 'json'];
  return new Promise((resolve, reject) => {
    const child = spawn(AWS_CLI, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
      resolve({
        code,
        stdout,
        stderr,
        json<T>() {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(
              `aws ${args.join(' ')} printed no JSON (exit ${String(code)}): ${stdout}${stderr}`,
            );
          }
        },
      });
    });
  });
}
