// Gatehouse as `gatehouse serve --workers N` runs it (N from GATEHOUSE_WORKERS): one process
// with 1, or a node:cluster primary and N workers sharing the port.
import { loadConfig, Primary, silentLogger, startServer } from '@gatehouse/server';
import { announceReady } from '../lib/child.js';
import { onStop } from '../lib/target-env.js';

const config = loadConfig({ port: '0', host: '127.0.0.1' }, process.env);
const server =
  config.workers > 1
    ? await Primary.start(config, silentLogger)
    : await startServer(config, { logger: silentLogger });
onStop(() => server.close());
announceReady(server.url);
