import { readFileSync } from 'node:fs';
import { UsageError } from './errors.js';

/** Reads `--jwks FILE`: a JWK Set, or a single public JWK that is wrapped into one. */
export function readJwks(file: string): { keys: Record<string, unknown>[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`--jwks: cannot read "${file}" (${code})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`--jwks: "${file}" is not JSON; expected a JWK Set such as {"keys":[{...}]}`);
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.keys)) return object as { keys: Record<string, unknown>[] };
    if (typeof object.kty === 'string') return { keys: [object] };
  }
  throw new UsageError(`--jwks: "${file}" is not a JWK Set; expected {"keys":[{...}]}`);
}
