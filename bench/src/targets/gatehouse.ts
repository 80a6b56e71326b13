// Gatehouse itself: the real server, on the store named by the GATEHOUSE_* environment.
import { loadConfig, silentLogger, startServer } from '@gatehouse/server';
import { announceReady } from '../lib/child.js';
import { onStop } from '../lib/target-env.js';

const server = await startServer(loadConfig({ port: '0', host: '127.0.0.1' }, process.env), {
  logger: silentLogger,
});
onStop(() => server.close());
announceReady(server.url);
