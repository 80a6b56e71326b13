// `npm run example:web`: the web app, the LJ Health Food API and an OpenID Provider on loopback.
// Open the printed URL in a browser and sign in; Ctrl-C stops everything.
import { startDemo } from './demo.js';
import { standInProvider } from './stand-in-demo.js';

const demo = await startDemo(standInProvider());
console.log(`LJ Health Food web app: ${demo.app.url}
  provider   ${demo.provider.name} at ${demo.provider.issuer} (any username and password sign in)
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
