import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_ACTOR, loadConfig, openGatehouse } from '@gatehouse/server';
import { type BenchClient, RESOURCES } from '../lib/clients.js';
import { createGatehouseStore, type GatehouseStore } from '../lib/gatehouse-store.js';
import { runLoad } from '../lib/load.js';
import { alternate, failureNote, summarize } from '../lib/rounds.js';
import { median, ratio } from '../lib/stats.js';
import { withCpu } from '../lib/cpu.js';
import type { Row, SuiteOptions, SuiteResult } from '../lib/suite.js';
import { startGatehouse, stopAll, type Target } from '../lib/targets.js';
import { sampleToken, tokenRequests } from '../lib/tokens.js';
import { CONNECTIONS } from './token.js';

const NO_HOOK = 'no hook';
const STATIC = 'static claims (client + API)';
const WARM = 'warm hook (answer cached)';
/** The API the hooked client's tokens are for: its own, so the other rows' API has no hook. */
const HOOKED = 'https://hooked.api.bench.example';

/** A local HTTPS hook answering the same claims for an hour, with a certificate made for this run. */
async function startHook(
  dir: string,
): Promise<{ url: string; caFile: string; calls: () => number; server: Server }> {
  const caFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...['-keyout', keyFile, '-out', caFile, '-days', '1', '-subj', '/CN=localhost'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1'],
    ],
    { stdio: 'ignore' },
  );
  let calls = 0;
  const server = createServer({ key: readFileSync(keyFile), cert: readFileSync(caFile) }, (req, res) => {
    calls++;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ claims: { tenant: 'bench', entitlements: ['refunds'] }, ttlSeconds: 3600 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `https://127.0.0.1:${port}/hook`, caFile, calls: () => calls, server };
}

/** Static claims on `plain`'s client and the ES256 API; a hook on a new API that `hooked` may use. */
async function configure(store: GatehouseStore, plain: BenchClient, hooked: BenchClient, hookUrl: string) {
  const gatehouse = await openGatehouse(loadConfig({ port: '0' }, store.env));
  try {
    await gatehouse.claims.updateClient(
      plain.clientId,
      { replace: { tenant: 'bench', tier: 'gold' } },
      CLI_ACTOR,
    );
    await gatehouse.claims.updateResourceServer(RESOURCES.ES256, { replace: { api: 'es256' } }, CLI_ACTOR);
    const rs = await gatehouse.resourceServers.create(
      { identifier: HOOKED, name: 'Hooked', scopes: [{ name: 'read' }] },
      CLI_ACTOR,
    );
    await gatehouse.clients.addPermissions(hooked.clientId, [`${HOOKED}/read`], CLI_ACTOR);
    await gatehouse.tokenHooks.set(rs.id, { url: hookUrl, timeoutMs: 2000 }, CLI_ACTOR);
  } finally {
    await gatehouse.close();
  }
}

/**
 * Tokens/s and CPU per token for one client (ES256, client_secret_basic): with no custom
 * claims, with static claims, and with a token hook whose answer is in the cache (TTL one hour,
 * so after the warm-up no call leaves the process), side by side on the same store.
 */
export async function run(options: SuiteOptions): Promise<SuiteResult> {
  const { log } = options;
  const notes: string[] = [];
  const targets: Target[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-hook-'));
  const hook = await startHook(dir);
  const store = await createGatehouseStore({ clients: 3 });
  try {
    const [free, plain, hooked] = store.sample(3) as [BenchClient, BenchClient, BenchClient];
    await configure(store, plain, hooked, hook.url);
    const contenders: { target: Target; client: BenchClient; resource: string }[] = [];
    const env = { ...store.env, GATEHOUSE_TOKEN_HOOK_CA_FILE: hook.caFile };
    for (const [name, client, resource] of [
      [NO_HOOK, free, RESOURCES.ES256],
      [STATIC, plain, RESOURCES.ES256],
      [WARM, hooked, HOOKED],
    ] as const) {
      const target = await startGatehouse(name, { ...store, env });
      targets.push(target);
      contenders.push({ target, client, resource });
      await sampleToken(target.url, target.tokenPath, client, resource, 'ES256');
    }
    const requestsOf = new Map(
      contenders.map((c) => [c.target, tokenRequests([c.client], c.target.tokenPath, c.resource)] as const),
    );
    for (const { target } of contenders) {
      log(`hooks: warm-up ${target.name}`);
      await runLoad({
        url: target.url,
        requests: requestsOf.get(target) ?? [],
        connections: CONNECTIONS,
        durationSeconds: options.warmupSeconds,
      });
    }
    const callsBefore = hook.calls();
    const runs = await alternate(
      contenders.map((c) => c.target),
      options.rounds,
      (target, round) => {
        log(`hooks: round ${round + 1}/${options.rounds} ${target.name}`);
        return withCpu(target.pid, () =>
          runLoad({
            url: target.url,
            requests: requestsOf.get(target) ?? [],
            connections: CONNECTIONS,
            durationSeconds: options.seconds,
          }),
        );
      },
    );
    const base = summarize(runs.get(contenders[0]?.target as Target) ?? []);
    const rows: Row[] = contenders.map(({ target }) => {
      const targetRuns = runs.get(target) ?? [];
      const result = summarize(targetRuns);
      const note = failureNote(`hooks ${target.name}`, result);
      if (note) notes.push(note);
      return {
        Claims: target.name,
        'tokens/s': result.rps,
        'p50 (ms)': result.p50,
        'p99 (ms)': result.p99,
        'CPU µs/token': median(targetRuns.map((r) => r.cpuUsPerRequest)),
        '× no hook': ratio(result.rps, base.rps),
      };
    });
    notes.push(
      `One client, ES256, client_secret_basic, ${CONNECTIONS} keep-alive connections; each row is its own Gatehouse process on the same SQLite store. The hook is a local HTTPS server answering two claims with ttlSeconds 3600; it was called ${hook.calls() - callsBefore} time(s) during the measured rounds (the warm-up filled the cache).`,
      `Figures are medians of ${options.rounds} round${options.rounds === 1 ? '' : 's'}; within a round the contenders take turns, in a rotating order.`,
    );
    return {
      id: 'hooks',
      title: 'Custom claims: the cost of static claims and of a warm token hook',
      columns: ['Claims', 'tokens/s', 'p50 (ms)', 'p99 (ms)', 'CPU µs/token', '× no hook'],
      rows,
      checks: [],
      notes,
    };
  } finally {
    await stopAll(targets);
    await store.cleanup();
    hook.server.closeAllConnections();
    hook.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
