import { StoreUnreachable, UniqueViolation, UnstorableValue } from './db.js';

/**
 * SQLSTATEs of values the database cannot hold: 22021 invalid byte sequence (NUL), 22P05
 * untranslatable character, 22003 numeric value out of range, 22P02 invalid text representation,
 * 22001 string too long, 22008 datetime out of range, 54000 program limit (e.g. an index row too large).
 */
const UNSTORABLE = new Set(['22021', '22P05', '22003', '22P02', '22001', '22008', '54000']);

/**
 * SQLSTATEs that mean the server, not the request: class 08 (connection exceptions), 57P01-57P03
 * (terminated by an administrator, crash shutdown, cannot connect now), 53300 (too many
 * connections), 55000 (database not accepting connections), 3D000 (database gone), 57014
 * (cancelled by the statement timeout), 40001 and 40P01 (serialization failure, deadlock: retry).
 */
const UNAVAILABLE = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '53000',
  '55000',
  '3D000',
  '57014',
  '40001',
  '40P01',
]);

/** Socket-level failures node-postgres passes through from the network. */
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** node-postgres reports lost connections, pool timeouts and client timeouts without a code. */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Cannot use a pool after calling end|Client was closed)/;

/** Turns a node-postgres failure into the store's own errors; anything else passes unchanged. */
export function translatePgError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code === '23505') return new UniqueViolation(error);
    if (UNSTORABLE.has(code)) return new UnstorableValue(error);
    if (code.startsWith('08') || UNAVAILABLE.has(code) || NETWORK.has(code))
      return new StoreUnreachable(error);
  }
  if (UNAVAILABLE_MESSAGE.test(error.message)) return new StoreUnreachable(error);
  return error;
}
