// `npm run example:web`: the web app, the LJ Health Food API and an OpenID Provider on loopback.
// Open the printed URL in a browser and sign in; Ctrl-C stops everything.
//
// With ISSUER, CLIENT_ID and CLIENT_SECRET set (a Gatehouse pool's app client, with
// http://127.0.0.1:<PORT>/callback and http://127.0.0.1:<PORT>/ registered), the demo signs in
// through that provider on PORT (default 3000); without them, through a stand-in oidc-provider.
import { ConfigError } from './config.js';
import { configuredProvider } from './configured-provider.js';
import { startDemo } from './demo.js';
import { standInProvider } from './stand-in-demo.js';

const configured = process.env.ISSUER !== undefined && process.env.ISSUER !== '';
const demo = await startDemo(
  configured ? configuredProvider(process.env) : standInProvider(),
  configured ? { port: Number(process.env.PORT ?? 3000) } : {},
).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `The demo could not start: ${String(error)}`);
  process.exit(1);
});
console.log(`LJ Health Food web app: ${demo.app.url}
  provider   ${demo.provider.name} at ${demo.provider.issuer}${configured ? '' : ' (any username and password sign in)'}
  orders API ${demo.api.url} (trusts tokens of ${demo.provider.issuer}, audience lj-health-food)
Ctrl-C to stop.`);
const stop = () => {
  demo.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
