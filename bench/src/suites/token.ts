import { type Alg, ALGS, type BenchClient, RESOURCES } from '../lib/clients.js';
import { createGatehouseStore, type GatehouseStore } from '../lib/gatehouse-store.js';
import { type LoadResult, runLoad } from '../lib/load.js';
import { PACED_MIN_ROUNDS, pacedWarmupSeconds, runPaced } from '../lib/paced.js';
import { alternate, failureNote, MB, summarize } from '../lib/rounds.js';
import { median, ratio } from '../lib/stats.js';
import { withCpu } from '../lib/cpu.js';
import type { Check, Row, SuiteOptions, SuiteResult } from '../lib/suite.js';
import {
  BARE_FLOOR,
  OIDC_PROVIDER,
  startBareFloor,
  startGatehouse,
  startOidcProvider,
  stopAll,
  type Target,
} from '../lib/targets.js';
import { sampleToken, tokenRequests } from '../lib/tokens.js';

/** Enough concurrent keep-alive connections to keep every contender busy on two cores. */
export const CONNECTIONS = 32;
/** The load is spread over this many clients, so no result rides on one hot cache entry. */
const CLIENTS = 16;

const GATEHOUSE_SQLITE = 'Gatehouse (SQLite)';
const GATEHOUSE_PG = 'Gatehouse (PostgreSQL)';

interface Measured {
  target: Target;
  alg: Alg;
  result: LoadResult;
  /** Server CPU time per request, median of rounds: tokens per core-second is 1e6 / this. */
  cpuUs: number;
  rssMb: number;
  halfRate?: LoadResult;
}

/**
 * Token endpoint, client credentials with client_secret_basic, ES256 and RS256: Gatehouse on
 * its embedded store (and on PostgreSQL when one is available) against oidc-provider
 * configured equivalently and against a bare node:http endpoint doing only the minimum.
 */
export async function run(options: SuiteOptions): Promise<SuiteResult> {
  const { log } = options;
  const pacedRounds = options.quick ? options.rounds : Math.max(options.rounds, PACED_MIN_ROUNDS);
  const pacedWarmup = pacedWarmupSeconds(options.quick);
  const notes: string[] = [];
  const stores: GatehouseStore[] = [];
  const targets: Target[] = [];
  try {
    log('token: preparing stores and starting servers');
    const sqlite = await createGatehouseStore({ clients: CLIENTS });
    stores.push(sqlite);
    const clients: BenchClient[] = sqlite.sample(CLIENTS);
    targets.push(await startGatehouse(GATEHOUSE_SQLITE, sqlite));
    if (options.postgresUrl) {
      // Same client ids and secrets on every target, so each does the same work per request.
      const pg = await createGatehouseStore({
        clients: CLIENTS,
        postgresUrl: options.postgresUrl,
        seed: sqlite.seed,
      });
      stores.push(pg);
      targets.push(await startGatehouse(GATEHOUSE_PG, pg));
    } else {
      notes.push('PostgreSQL: no server available, so the Gatehouse (PostgreSQL) rows are missing.');
    }
    targets.push(await startOidcProvider(clients));
    targets.push(await startBareFloor(clients));

    for (const target of targets) {
      for (const alg of ALGS) {
        const client = clients[0] as BenchClient;
        await sampleToken(target.url, target.tokenPath, client, RESOURCES[alg], alg);
      }
    }
    notes.push(
      `Before timing, each target answered a real token request per algorithm with a signed JWT (3 parts, the requested alg, aud = the resource, a jti); every measured request is a full client-credentials grant with client_secret_basic over ${CLIENTS} clients in rotation, ${CONNECTIONS} keep-alive connections, load from a separate autocannon process.`,
    );

    const measured: Measured[] = [];
    for (const alg of ALGS) {
      const requestsOf = new Map(
        targets.map((t) => [t, tokenRequests(clients, t.tokenPath, RESOURCES[alg])] as const),
      );
      for (const target of targets) {
        log(`token ${alg}: warm-up ${target.name}`);
        await runLoad({
          url: target.url,
          requests: requestsOf.get(target) ?? [],
          connections: CONNECTIONS,
          durationSeconds: options.warmupSeconds,
        });
      }
      const runs = await alternate(targets, options.rounds, (target, round) => {
        log(`token ${alg}: round ${round + 1}/${options.rounds} ${target.name}`);
        return withCpu(target.pid, () =>
          runLoad({
            url: target.url,
            requests: requestsOf.get(target) ?? [],
            connections: CONNECTIONS,
            durationSeconds: options.seconds,
          }),
        );
      });
      for (const target of targets) {
        const targetRuns = runs.get(target) ?? [];
        const result = summarize(targetRuns);
        const note = failureNote(`${target.name} ${alg}`, result);
        if (note) notes.push(note);
        const cpuUs = median(targetRuns.map((r) => r.cpuUsPerRequest));
        measured.push({ target, alg, result, cpuUs, rssMb: target.rss() / MB });
      }
      // Latency under a load the server can carry: half its measured maximum, at an even pace.
      const gatehouses = measured.filter((m) => m.alg === alg && m.target.name.startsWith('Gatehouse'));
      const halfRuns = await alternate(gatehouses, pacedRounds, (m, round) => {
        const rate = Math.max(1, Math.round(m.result.rps / 2));
        log(
          `token ${alg}: p99 at ${rate}/s (half of max), round ${round + 1}/${pacedRounds} ${m.target.name}`,
        );
        return runPaced({
          url: m.target.url,
          requests: requestsOf.get(m.target) ?? [],
          rate,
          durationSeconds: options.seconds,
          warmupSeconds: pacedWarmup,
          connections: CONNECTIONS,
        });
      });
      for (const m of gatehouses) {
        m.halfRate = summarize(halfRuns.get(m) ?? []);
        const note = failureNote(`${m.target.name} ${alg} at half rate`, m.halfRate);
        if (note) notes.push(note);
      }
    }

    const find = (name: string, alg: Alg) => measured.find((m) => m.target.name === name && m.alg === alg);
    const rows: Row[] = measured.map((m) => {
      const floor = find(BARE_FLOOR, m.alg);
      return {
        Target: m.target.name,
        Alg: m.alg,
        'tokens/s': m.result.rps,
        'p50 (ms)': m.result.p50,
        'p99 (ms)': m.result.p99,
        'p99 at ½ max (ms)': m.halfRate ? m.halfRate.p99 : '—',
        'CPU µs/token': m.cpuUs,
        'RSS (MB)': m.rssMb,
        '× floor': floor ? ratio(m.result.rps, floor.result.rps) : '—',
      };
    });

    const checks: Check[] = [];
    for (const name of [GATEHOUSE_SQLITE, GATEHOUSE_PG]) {
      const es = find(name, 'ES256');
      const rs = find(name, 'RS256');
      if (!es || !rs) continue;
      const vsOidc = ratio(es.result.rps, find(OIDC_PROVIDER, 'ES256')?.result.rps ?? Number.NaN);
      const vsFloorEs = ratio(es.result.rps, find(BARE_FLOOR, 'ES256')?.result.rps ?? Number.NaN);
      const vsFloorRs = ratio(rs.result.rps, find(BARE_FLOOR, 'RS256')?.result.rps ?? Number.NaN);
      checks.push(
        {
          name: `${name} ES256 tokens/s vs oidc-provider`,
          actual: vsOidc,
          target: '≥ 3x',
          pass: vsOidc >= 3,
        },
        {
          name: `${name} ES256 tokens/s vs bare floor`,
          actual: vsFloorEs,
          target: '≥ 0.6x',
          pass: vsFloorEs >= 0.6,
        },
        {
          name: `${name} RS256 tokens/s vs bare floor`,
          actual: vsFloorRs,
          target: '≥ 0.9x',
          pass: vsFloorRs >= 0.9,
        },
      );
      for (const m of [es, rs]) {
        const p99 = m.halfRate?.p99 ?? Number.NaN;
        checks.push({
          name: `${name} ${m.alg} p99 at half of max rate`,
          actual: p99,
          target: '< 5 ms',
          pass: p99 < 5,
        });
      }
    }
    notes.push(
      `CPU µs/token is the server process's own CPU time (user + system, all its threads, from /proc) per request during the measured runs: unlike tokens/s it hardly moves when other work shares the machine.`,
      `All three sign on libuv's thread pool (Gatehouse and the floor through crypto.sign's callback form, oidc-provider through WebCrypto), so on two cores signing runs beside the event loop; CPU µs/token counts the pool's threads too.`,
      `RSS is the server process's resident memory after its runs. "p99 at ½ max" is measured open-loop: requests start on an even schedule at half the median maximum of that server, and each latency counts from when its request was due. Each such run first sends ${pacedWarmup} s at the same rate over the same connections without counting it, as wrk2 does with its calibration period; its figure is the median of ${pacedRounds} round${pacedRounds === 1 ? '' : 's'}.`,
      `Figures are medians of ${options.rounds} round${options.rounds === 1 ? '' : 's'}; within a round the contenders take turns, in a rotating order.`,
    );
    return {
      id: 'token',
      title: 'Token endpoint: client credentials, client_secret_basic',
      columns: [
        'Target',
        'Alg',
        'tokens/s',
        'p50 (ms)',
        'p99 (ms)',
        'p99 at ½ max (ms)',
        'CPU µs/token',
        'RSS (MB)',
        '× floor',
      ],
      rows,
      checks,
      notes,
    };
  } finally {
    await stopAll(targets);
    await Promise.allSettled(stores.map((s) => s.cleanup()));
  }
}
