import autocannon from 'autocannon';
import type { LoadOptions, LoadResult } from './load.js';

process.once('message', (options: LoadOptions) => {
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      duration: options.durationSeconds,
      pipelining: 1,
      ...(options.rate !== undefined ? { overallRate: options.rate } : {}),
      requests: options.requests.map((r) => ({
        method: r.method ?? 'GET',
        path: r.path,
        ...(r.headers ? { headers: r.headers } : {}),
        ...(r.body !== undefined ? { body: r.body } : {}),
      })),
    },
    (error, result) => {
      if (error) {
        process.send?.({ error: String(error) }, () => process.exit(1));
        return;
      }
      const ok = result['2xx'];
      const answer: LoadResult = {
        rps: ok / result.duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
        requests: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
      };
      process.send?.({ result: answer }, () => process.exit(0));
    },
  );
  void instance;
});
