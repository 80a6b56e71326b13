// `npm run example:web`: Gatehouse (a user pool with the app registered and a demo person), the
// LJ Health Food API and the web app, all on loopback in this process. Open the printed URL,
// sign in with the printed credentials; Ctrl-C stops everything and deletes the data.
//
// With ISSUER, CLIENT_ID and CLIENT_SECRET set (a running Gatehouse pool's app client, with
// http://127.0.0.1:<PORT>/callback and http://127.0.0.1:<PORT>/ registered), the demo signs in
// through that provider on PORT (default 3000). PROVIDER=oidc-provider uses the stand-in.
import { ConfigError } from './config.js';
import { configuredProvider } from './configured-provider.js';
import { startDemo } from './demo.js';
import { gatehouseProvider } from './gatehouse-demo.js';

const configured = process.env.ISSUER !== undefined && process.env.ISSUER !== '';
const standIn = !configured && process.env.PROVIDER === 'oidc-provider';
const port = process.env.PORT === undefined || process.env.PORT === '' ? undefined : Number(process.env.PORT);
// The stand-in is loaded only when asked for: oidc-provider is its dependency alone.
const provider = configured
  ? configuredProvider(process.env)
  : standIn
    ? (await import('./stand-in-demo.js')).standInProvider()
    : gatehouseProvider();
const logoutStyle = process.env.LOGOUT_STYLE;
const demo = await startDemo(provider, {
  ...(configured ? { port: port ?? 3000 } : port === undefined ? {} : { port }),
  // cognito: sign out through <pool>/logout?client_id=&logout_uri= instead of end_session_endpoint.
  ...(logoutStyle ? { env: { LOGOUT_STYLE: logoutStyle } } : {}),
}).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `The demo could not start: ${String(error)}`);
  process.exit(1);
});
const op = demo.provider;
const credentials = op.demoUser
  ? `\n  sign in as ${op.demoUser.username} / ${op.demoUser.password}`
  : standIn
    ? '\n  sign in with any username and password'
    : '';
console.log(`LJ Health Food web app: ${demo.app.url}
  sign-in    ${demo.app.url}/login (goes to the hosted sign-in page)${credentials}
  provider   ${op.name} at ${op.issuer}
  orders API ${demo.api.url} (trusts tokens of ${op.issuer}, audience lj-health-food)
Ctrl-C to stop.`);
const stop = () => {
  demo.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
