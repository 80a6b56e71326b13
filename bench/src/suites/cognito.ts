import {
  CHEAP_ARGON2,
  cheapHashMicros,
  checkAuthenticationResult,
  COGNITO_HASHING,
  type CognitoTarget,
  passwordRequests,
  refreshRequests,
  send,
  startGatehouseCognito,
} from '../lib/cognito.js';
import { withCpu } from '../lib/cpu.js';
import type { LoadRequest, LoadResult } from '../lib/load.js';
import { runLoad } from '../lib/load.js';
import { measurePasswordChecks } from '../lib/password-checks.js';
import { alternate, failureNote, MB, summarize } from '../lib/rounds.js';
import { median } from '../lib/stats.js';
import type { Row, SuiteOptions, SuiteResult } from '../lib/suite.js';
import { stopAll } from '../lib/targets.js';
import { CONNECTIONS } from './token.js';

const FLOWS = ['USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH'] as const;
type Flow = (typeof FLOWS)[number];
/** Bounds of the refresh tokens prepared for one measured run. */
const MIN_COUNT = 1000;
const MAX_COUNT = 12_000;

/** One real sign-in and one refresh, checked, before anything is timed; returns the tokens' algorithms. */
async function sample(target: CognitoTarget): Promise<string> {
  const [signIn] = passwordRequests(target);
  if (!signIn) throw new Error(`${target.name}: no users`);
  const signedIn = checkAuthenticationResult(await send(target, signIn), `${target.name} sign-in`, true);
  const [refresh] = await refreshRequests(target, 1);
  if (!refresh) throw new Error(`${target.name}: no refresh token`);
  const refreshed = checkAuthenticationResult(await send(target, refresh), `${target.name} refresh`, false);
  if (refreshed.refreshToken !== undefined && refresh.body?.includes(refreshed.refreshToken))
    throw new Error(`${target.name}: the refresh token came back unchanged`);
  return `access token ${signedIn.accessAlg}, ID token ${signedIn.idAlg}`;
}

/**
 * Cognito's InitiateAuth on Gatehouse's wire (POST / with X-Amz-Target): USER_PASSWORD_AUTH
 * with the password hash made cheap (argon2id with production parameters is measured apart),
 * and REFRESH_TOKEN_AUTH with refresh tokens from sign-ins made before each run, each sent once.
 */
export async function run(options: SuiteOptions): Promise<SuiteResult> {
  const { log } = options;
  const users = options.quick ? 32 : 256;
  const appClients = options.quick ? 4 : 16;
  const warmCount = options.quick ? 32 : 1000;
  const targets: CognitoTarget[] = [];
  try {
    log(`cognito: starting Gatehouse with ${users} users`);
    const target = await startGatehouseCognito(users, appClients);
    targets.push(target);
    const algorithms = await sample(target);
    const signIns = passwordRequests(target);

    const measure = (flow: Flow, requests: LoadRequest[], seconds: number): Promise<LoadResult> =>
      flow === 'USER_PASSWORD_AUTH'
        ? runLoad({
            url: target.url,
            requests,
            connections: CONNECTIONS,
            durationSeconds: seconds,
            rotate: true,
          })
        : runLoad({
            url: target.url,
            requests,
            connections: CONNECTIONS,
            durationSeconds: 300,
            amount: requests.length,
            rotate: true,
          });
    const prepare = (flow: Flow, n: number): Promise<LoadRequest[]> =>
      flow === 'USER_PASSWORD_AUTH' ? Promise.resolve(signIns) : refreshRequests(target, n);

    const rows: Row[] = [];
    const notes: string[] = [];
    let count = 0;
    for (const flow of FLOWS) {
      log(`cognito ${flow}: warm-up`);
      const warm = await measure(flow, await prepare(flow, warmCount), options.warmupSeconds);
      // A refresh run lasts about as long as a sign-in run: as many tokens as the warm-up's rate
      // makes in the run's seconds (each needs a sign-in beforehand, so no more than that).
      count = options.quick
        ? 64
        : Math.round(Math.min(MAX_COUNT, Math.max(MIN_COUNT, warm.rps * options.seconds)));
      const runs = await alternate(targets, options.rounds, async (t, round) => {
        const requests = await prepare(flow, count);
        log(`cognito ${flow}: round ${round + 1}/${options.rounds}`);
        return withCpu(t.pid, () => measure(flow, requests, options.seconds));
      });
      const flowRuns = runs.get(target) ?? [];
      const result = summarize(flowRuns);
      const note = failureNote(`${target.name} ${flow}`, result);
      if (note) notes.push(note);
      rows.push({
        Target: target.name,
        Flow: flow,
        'tokens/s': result.rps,
        'p50 (ms)': result.p50,
        'p99 (ms)': result.p99,
        'CPU µs/token': median(flowRuns.map((r) => r.cpuUsPerRequest)),
        'RSS (MB)': target.rss() / MB,
      });
    }

    log('cognito: password checks');
    const passwords = await measurePasswordChecks(options.quick ? 1 : Math.max(5, options.seconds));
    rows.push({
      Target: 'PoolPasswords.verify, production argon2id',
      Flow: 'password check alone',
      'tokens/s': passwords.loginsPerSecond,
      'p50 (ms)': '',
      'p99 (ms)': '',
      'CPU µs/token': '',
      'RSS (MB)': '',
    });
    const cheap = `argon2id, m=${CHEAP_ARGON2.memoryKib} KiB, t=${CHEAP_ARGON2.passes}, p=${CHEAP_ARGON2.lanes}`;
    notes.push(
      `USER_PASSWORD_AUTH leaves argon2 out: every bench user was created through the service layer with its own password (a production argon2id hash and SRP verifier), and the bench then replaced the stored hash with one of the same password made with ${cheap}, the least work argon2id allows (${cheapHashMicros().toFixed(0)} µs a check on this machine, on one thread). Gatehouse checks a stored hash with the parameters written in it, as for hashes imported from other systems, so nothing in the server is configured or changed: the sign-in still takes a hashing worker, counts the attempt per user and per address, checks the hash on the worker thread, clears the counters, then signs the tokens. Real sign-ins add one production hash each.`,
      `The production password check is measured apart, in the last row (logins/s, not tokens/s): ${passwords.loginsPerSecond.toFixed(1)} logins/s through PoolPasswords.verify with ${passwords.parameters}, on ${passwords.workers} worker thread${passwords.workers === 1 ? '' : 's'} (${passwords.checks} checks, half with a wrong password). With production hashes, USER_PASSWORD_AUTH on one instance is bounded by that figure, not by the tokens/s above.`,
      `The lockout guard is not what is measured: ${users} users signed in in a rotation over ${CONNECTIONS} connections (no user has two sign-ins in flight) and no password is wrong, so each user's counter is cleared by every sign-in and the loopback address gets each attempt back; the address limit is never reached, and no security setting is relaxed. The server's password-hashing limits are its default single worker (GATEHOUSE_PASSWORD_HASH_CONCURRENCY=${COGNITO_HASHING.concurrency}) with a queue of ${COGNITO_HASHING.queue} (GATEHOUSE_PASSWORD_HASH_QUEUE, default 4), so that ${CONNECTIONS} connections wait for the worker rather than get TooManyRequestsException.`,
      `REFRESH_TOKEN_AUTH: each measured run sends ${count} requests (the warm-up's rate times the run's seconds, within ${MIN_COUNT} to ${MAX_COUNT}), each with its own refresh token from a USER_PASSWORD_AUTH sign-in made just before the run (outside the timed loop), sent once; rotation is on (the app-client default), so each refresh also replaces its token.`,
      `Both flows go to POST / as the AWS SDKs send them (Content-Type application/x-amz-json-1.1, X-Amz-Target AWSCognitoIdentityProviderService.InitiateAuth, unsigned), over ${appClients} confidential app clients allowing USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH, each request with its SECRET_HASH (HMAC-SHA256 of username + client id under the client secret). Every answer carries an access and an ID token (${algorithms}, the app-client defaults, as Cognito signs); a sign-in also a refresh token.`,
      `Gatehouse runs on SQLite in its data directory with synchronous=FULL; a sign-in writes its lockout counters and the first refresh token of a new family; a refresh reads its token with the user, marks it used and inserts the next. Figures are medians of ${options.rounds} round${options.rounds === 1 ? '' : 's'} of ${options.seconds} s (USER_PASSWORD_AUTH) or ${count} requests (REFRESH_TOKEN_AUTH). No target ratio is set for this suite.`,
    );
    return {
      id: 'cognito',
      title: "Cognito's InitiateAuth: USER_PASSWORD_AUTH (argon2 apart) and REFRESH_TOKEN_AUTH",
      columns: ['Target', 'Flow', 'tokens/s', 'p50 (ms)', 'p99 (ms)', 'CPU µs/token', 'RSS (MB)'],
      rows,
      checks: [],
      notes,
    };
  } finally {
    await stopAll(targets);
  }
}
