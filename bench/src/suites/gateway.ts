import { CLI_ACTOR } from '@gatehouse/server';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type RunningServer, silentLogger, startServer } from '@gatehouse/server';
import { type RunningChild, startChild } from '../lib/child.js';
import { type LoadRequest, type LoadResult, runLoad } from '../lib/load.js';
import { median, ratio } from '../lib/stats.js';
import type { Check, Row, SuiteOptions, SuiteResult } from '../lib/suite.js';

const API = 'bench-orders';
const SCOPE = 'list-orders';
const OTHER_API = 'bench-other';
/** Measured time this suite aims at (the whole bench must stay under 10 minutes). */
const BUDGET_SECONDS = 72;

const target = (name: string) => fileURLToPath(new URL(`../targets/${name}.js`, import.meta.url));

interface Contender {
  name: string;
  child: RunningChild;
  results: LoadResult[];
  /** CPU time of the contender's process per request answered, in µs, per run. */
  cpuPerRequest: number[];
  rss: number;
}

/** CPU time (user + system) of a process so far, in ms, from /proc; NaN where there is none. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

async function tokenFrom(
  issuer: string,
  client: { id: string; secret: string },
  scope: string,
): Promise<string> {
  const response = await fetch(`${issuer}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
  });
  const body = (await response.json()) as { access_token?: unknown };
  if (response.status !== 200 || typeof body.access_token !== 'string') {
    throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
  }
  return body.access_token;
}

async function get(url: string, token?: string): Promise<{ status: number; body: string }> {
  const response = await fetch(
    url,
    token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
  );
  return { status: response.status, body: await response.text() };
}

/** Flips one bit of the signature: a token the gateway must refuse. */
function tamper(token: string): string {
  const dot = token.lastIndexOf('.');
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  const at = signature.length >> 1;
  signature[at] = (signature[at] as number) ^ 0x01;
  return `${token.slice(0, dot + 1)}${signature.toString('base64url')}`;
}

/**
 * Before any timing: the gateway passes a good token with the caller's identity (and without the
 * token), and refuses no token, a token for another API and a forged one; the proxies answer.
 */
async function sanity(
  gateways: Contender[],
  others: Contender[],
  tokens: { good: string; otherAudience: string },
  clientId: string,
): Promise<void> {
  const problems: string[] = [];
  for (const { name, child } of gateways) {
    const ok = await get(`${child.url}/whoami`, tokens.good);
    const seen =
      ok.status === 200 ? (JSON.parse(ok.body) as { clientId?: unknown; authorization?: unknown }) : {};
    if (ok.status !== 200 || seen.clientId !== clientId || seen.authorization !== false) {
      problems.push(`${name}: a valid token got ${ok.status} ${ok.body}`);
    }
    for (const [what, token] of [
      ['no token', undefined],
      ['a token for another API', tokens.otherAudience],
      ['a forged signature', tamper(tokens.good)],
    ] as const) {
      const refused = await get(`${child.url}/orders/42`, token);
      if (refused.status !== 401) problems.push(`${name}: ${what} got ${refused.status}, expected 401`);
    }
  }
  for (const { name, child } of others) {
    const answer = await get(`${child.url}/orders/42`, tokens.good);
    if (answer.status !== 200) problems.push(`${name}: answered ${answer.status}`);
  }
  if (problems.length > 0) throw new Error(`gateway sanity check failed: ${problems.join('; ')}`);
}

/**
 * Requests per second and p99 through the Gatehouse gateway (a bearer token and scope check on
 * every request; its verified-token cache on, as shipped, and off) vs a plain Node reverse proxy
 * without auth vs the upstream called directly. Every contender gets the same requests,
 * Authorization header included; each runs in its own process.
 */
export async function run(options: SuiteOptions): Promise<SuiteResult> {
  const rounds = options.quick ? 1 : Math.max(1, options.rounds);
  const contenderCount = 4;
  const seconds = options.quick
    ? 1
    : Math.max(1, Math.round(Math.min(options.seconds, BUDGET_SECONDS / (rounds * contenderCount))));
  const warmupSeconds = options.quick ? 1 : Math.max(1, Math.min(Math.round(options.warmupSeconds), 2));
  const poolSize = options.quick ? 10 : 100;
  const connections = options.quick ? 10 : 50;

  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-gateway-'));
  let server: RunningServer | undefined;
  const children: RunningChild[] = [];
  try {
    // A real Gatehouse issuing real tokens; the gateway fetches its metadata, keys and revocation list.
    const config = loadConfig(
      { port: '0', host: '127.0.0.1' },
      {
        GATEHOUSE_DATA_DIR: dataDir,
        GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64'),
        GATEHOUSE_LOG_LEVEL: 'silent',
      },
    );
    server = await startServer(config, { logger: silentLogger });
    const { gatehouse, issuer } = server;
    await gatehouse.resourceServers.create(
      { identifier: API, name: API, scopes: [{ name: SCOPE }] },
      CLI_ACTOR,
    );
    await gatehouse.resourceServers.create(
      {
        identifier: OTHER_API,
        name: OTHER_API,
        scopes: [{ name: 'read' }],
      },
      CLI_ACTOR,
    );
    const caller = await gatehouse.clients.create(
      { name: 'bench caller', scopes: [`${API}/${SCOPE}`] },
      CLI_ACTOR,
    );
    const outsider = await gatehouse.clients.create(
      {
        name: 'bench outsider',
        scopes: [`${OTHER_API}/read`],
      },
      CLI_ACTOR,
    );
    await server.runtime.poll();
    const callerCredentials = { id: caller.client.clientId, secret: caller.secret?.value ?? '' };
    options.log(`gateway: getting ${poolSize} tokens from Gatehouse at ${issuer}`);
    const tokens: string[] = [];
    for (let i = 0; i < poolSize; i++)
      tokens.push(await tokenFrom(issuer, callerCredentials, `${API}/${SCOPE}`));
    const otherAudience = await tokenFrom(
      issuer,
      { id: outsider.client.clientId, secret: outsider.secret?.value ?? '' },
      `${OTHER_API}/read`,
    );

    const upstream = await startChild(target('upstream'));
    children.push(upstream);
    const start = async (name: string, script: string, env: Record<string, string>): Promise<Contender> => {
      const child = await startChild(target(script), { env });
      children.push(child);
      return { name, child, results: [], cpuPerRequest: [], rss: 0 };
    };
    const gatewayEnv = { ISSUER: issuer, AUDIENCE: API, UPSTREAM_URL: upstream.url, SCOPES: SCOPE };
    const direct: Contender = {
      name: 'upstream, direct',
      child: upstream,
      results: [],
      cpuPerRequest: [],
      rss: 0,
    };
    const plain = await start('plain Node proxy (no auth)', 'plain-proxy', { UPSTREAM_URL: upstream.url });
    const gateway = await start('Gatehouse gateway (as shipped)', 'gateway', gatewayEnv);
    const uncached = await start('Gatehouse gateway, tokenCacheMs: 0', 'gateway', {
      ...gatewayEnv,
      TOKEN_CACHE_MS: '0',
    });
    const contenders = [direct, plain, gateway, uncached];
    await sanity(
      [gateway, uncached],
      [direct, plain],
      { good: tokens[0] as string, otherAudience },
      caller.client.clientId,
    );

    // The same requests for everyone: distinct tokens in rotation, so the gateway checks many.
    const requests: LoadRequest[] = tokens.map((token) => ({
      method: 'GET',
      path: '/orders/42',
      headers: { authorization: `Bearer ${token}` },
    }));
    const load = async (contender: Contender, durationSeconds: number) => {
      const cpuBefore = cpuMs(contender.child.pid);
      const result = await runLoad({ url: contender.child.url, requests, connections, durationSeconds });
      const cpuPerRequest = ((cpuMs(contender.child.pid) - cpuBefore) * 1000) / result.requests;
      if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
        throw new Error(
          `${contender.name}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`,
        );
      }
      contender.rss = Math.max(contender.rss, contender.child.rss());
      return { result, cpuPerRequest };
    };
    for (const contender of contenders) await load(contender, warmupSeconds);
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < contenders.length; i++) {
        const contender = contenders[(round + i) % contenders.length] as Contender;
        const { result, cpuPerRequest } = await load(contender, seconds);
        contender.results.push(result);
        contender.cpuPerRequest.push(cpuPerRequest);
        options.log(
          `gateway: round ${round + 1}/${rounds} ${contender.name}: ${Math.round(result.rps)} req/s, p99 ${result.p99} ms, ${Math.round(cpuPerRequest)} µs CPU/request`,
        );
      }
    }

    const rps = (c: Contender) => median(c.results.map((r) => r.rps));
    const plainRps = rps(plain);
    const directRps = rps(direct);
    const rows: Row[] = contenders.map((c) => ({
      target: c.name,
      'requests/s': Math.round(rps(c)),
      'p50 ms': median(c.results.map((r) => r.p50)),
      'p99 ms': median(c.results.map((r) => r.p99)),
      'vs plain proxy': Number(ratio(rps(c), plainRps).toFixed(2)),
      'vs direct': Number(ratio(rps(c), directRps).toFixed(2)),
      'CPU µs/request': Math.round(median(c.cpuPerRequest)),
      'RSS MB': Math.round(c.rss / (1024 * 1024)),
    }));
    const vsPlain = ratio(rps(gateway), plainRps);
    const checks: Check[] = [
      {
        name: 'gateway vs plain proxy (requests/s)',
        actual: Number(vsPlain.toFixed(2)),
        target: '≥ 0.85x plain proxy',
        pass: vsPlain >= 0.85,
      },
    ];
    return {
      id: 'gateway',
      title: 'Gateway: requests through the Gatehouse gateway vs a plain proxy vs the upstream directly',
      columns: [
        'target',
        'requests/s',
        'p50 ms',
        'p99 ms',
        'vs plain proxy',
        'vs direct',
        'CPU µs/request',
        'RSS MB',
      ],
      rows,
      checks,
      notes: [
        `GET /orders/42 with one of ${poolSize} distinct Gatehouse ES256 access tokens (from its token endpoint) in rotation, ${connections} keep-alive connections from autocannon in its own process; medians of ${rounds} round(s) of ${seconds} s after a ${warmupSeconds} s warm-up each, contenders alternating.`,
        `The gateway runs with the configuration a user gets: one protected route with a required scope, revocation list polling, JSON access log lines on stdout (to /dev/null here), and its default verified-token cache: a token that passed is trusted again for tokenCacheMs (1000 ms) without a signature check, keyed by the Authorization header, never past exp, scopes still checked per route. With ${poolSize} tokens in rotation that is about ${poolSize} signature checks a second; the tokenCacheMs: 0 row checks the signature of every request.`,
        'The plain proxy copies the headers (minus hop-by-hop ones), streams both ways on a keep-alive http.Agent, and does nothing else. The upstream answers a fixed 42-byte JSON body.',
        '"CPU µs/request" is the contender process\'s own CPU time (all threads, from /proc) per request answered. Requests/s moves with whatever else the machine is doing; CPU per request much less, so it is the figure to compare across runs. The load generator and the upstream share the same two cores, so every microsecond the proxy spends also delays the others.',
        'Sanity check before timing: through each gateway a valid token reached the upstream as X-Gatehouse-Client-Id (without the token); no token, a token for another API and a forged signature got 401.',
      ],
    };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
