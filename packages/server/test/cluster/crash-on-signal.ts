// Loaded with `--import` into the processes of a test's cluster (through NODE_OPTIONS): in a
// worker, SIGUSR2 makes the event loop throw, as a bug in a request handler would. Test code only:
// Gatehouse itself has no way to crash a worker on request.
import cluster from 'node:cluster';

if (cluster.isWorker) {
  process.on('SIGUSR2', () => {
    setImmediate(() => {
      throw new Error('a crash asked for by a test');
    });
  });
}
