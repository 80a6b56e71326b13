import autocannon from 'autocannon';
import type { LoadOptions, LoadRequest, LoadResult } from './load.js';
import { sendOnce } from './single-use-load.js';

function toAutocannon(r: LoadRequest): autocannon.Request {
  return {
    method: r.method ?? 'GET',
    path: r.path,
    ...(r.headers ? { headers: r.headers } : {}),
    ...(r.body !== undefined ? { body: r.body } : {}),
  };
}

/** One request slot whose content is the next entry of a rotation shared by every connection. */
function rotating(list: autocannon.Request[]): autocannon.Request[] {
  let next = 0;
  const first = list[0] ?? { method: 'GET', path: '/' };
  return [
    {
      ...first,
      setupRequest: (request) => {
        const entry = list[next++ % list.length] ?? first;
        return { ...request, ...entry };
      },
    },
  ];
}

process.once('message', (options: LoadOptions) => {
  if (options.once) {
    sendOnce(options).then(
      (result) => process.send?.({ result }, () => process.exit(0)),
      (error: unknown) => process.send?.({ error: String(error) }, () => process.exit(1)),
    );
    return;
  }
  const list = options.requests.map(toAutocannon);
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      duration: options.durationSeconds,
      // autocannon checks for the end once per sample: sample often so a fixed amount of
      // requests is timed to the tens of milliseconds, not rounded up to the next second.
      ...(options.amount !== undefined ? { amount: options.amount, sampleInt: 20 } : {}),
      pipelining: 1,
      ...(options.rate !== undefined ? { overallRate: options.rate } : {}),
      requests: options.rotate ? rotating(list) : list,
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
        seconds: result.duration,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
      };
      process.send?.({ result: answer }, () => process.exit(0));
    },
  );
  void instance;
});
