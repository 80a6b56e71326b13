// `npm start -w @gatehouse/example-web-app`: the web app alone, configured from the environment.
import { ConfigError, loadConfig } from './config.js';
import { reserveServer, startWebApp } from './server.js';

try {
  const config = loadConfig(process.env);
  // Behind a proxy BASE_URL is the public address; HOST and PORT are where this process listens.
  const { server } = await reserveServer(process.env.HOST ?? '127.0.0.1', Number(process.env.PORT ?? 3000));
  const app = await startWebApp(config, { server });
  console.log(`LJ Health Food web app on ${app.url}, signing in through ${config.issuer}`);
} catch (error) {
  console.error(
    error instanceof ConfigError ? error.message : `The web app could not start: ${(error as Error).message}`,
  );
  process.exitCode = 1;
}
