import { type CliOutput, shellQuote } from '@gatehouse/schemas';
import { type Config, ConfigError } from '../config.js';
import { flagDescription, SETTINGS } from '../config-settings.js';
import type { RunningServer } from '../serve.js';
import type { Logger } from '../log.js';
import { command } from './command.js';
import { CliFailure } from './errors.js';
import { type Invocation, startError } from './invocation.js';
import { formatBlock } from './output.js';
import { VERSION } from './version.js';
import { untilStopped } from './until-stopped.js';

/** What serve reports on and stops: a server on its own, or a cluster's primary. */
type Serving = Pick<RunningServer, 'url' | 'issuer' | 'gatehouse' | 'setupUrl' | 'close'> & {
  /** Settles if a cluster's workers crash-loop and it gave up. */
  failure?: Promise<Error>;
};

async function endpoints(server: Serving, config: Config): Promise<CliOutput<'serving'>> {
  const [{ PATHS }, { describeStore }] = await Promise.all([
    import('../oauth/metadata.js'),
    import('../services/gatehouse.js'),
  ]);
  const { issuer } = server;
  const urls = {
    tokenEndpoint: issuer + PATHS.token,
    jwksUri: issuer + PATHS.jwks,
    introspectionEndpoint: issuer + PATHS.introspection,
    revocationEndpoint: issuer + PATHS.revocation,
  };
  return {
    issuer,
    url: server.url,
    ...urls,
    portal: `${issuer}/`,
    metadata: issuer + PATHS.metadata,
    store: describeStore(config),
    // The previous release's names, kept for one more release.
    token_endpoint: urls.tokenEndpoint,
    jwks_uri: urls.jwksUri,
    introspection_endpoint: urls.introspectionEndpoint,
    revocation_endpoint: urls.revocationEndpoint,
  };
}

/** How to run the CLI from the terminal next door: on the same store, by the same route. */
function cliPrefix(inv: Invocation): string {
  const viaNpm = inv.env.npm_lifecycle_event !== undefined;
  const base = viaNpm ? 'npm run gatehouse --' : 'gatehouse';
  const data = inv.string('data');
  return data !== undefined ? `${base} --data ${shellQuote(data)}` : base;
}

/**
 * The one-time setup link goes to stderr, for the person at the terminal: stdout carries only the
 * JSON log lines, which are often collected and shipped elsewhere.
 */
function setupNote(setupUrl: string): string {
  return `First time here? Create the first admin with this one-time link:\n  ${setupUrl}\n\n`;
}

function banner(inv: Invocation, info: CliOutput<'serving'>, config: Config, mail: string): string {
  const cli = cliPrefix(inv);
  const lines = [
    `Gatehouse ${VERSION} is running.`,
    '',
    ...formatBlock([
      ['portal', info.portal],
      ['issuer', info.issuer],
      ['token', info.tokenEndpoint],
      ['jwks', info.jwksUri],
      ['metadata', info.metadata],
      ['introspection', info.introspectionEndpoint],
      ['revocation', info.revocationEndpoint],
      ['listening on', info.url],
      ['store', info.store],
      ['mail', mail],
    ]).map((line) => `  ${line}`),
    '',
  ];
  if (config.issuer === undefined && config.host !== '127.0.0.1' && config.host !== 'localhost') {
    lines.push(
      `Note: tokens name ${info.issuer} as their issuer; set --issuer to the public URL callers use.`,
      '',
    );
  }
  if (config.databaseUrl !== undefined) {
    lines.push('In the other terminal, set GATEHOUSE_DATABASE_URL and GATEHOUSE_MASTER_KEY as here.', '');
  }
  lines.push(
    'Next steps, in another terminal:',
    '  1. Register an API and its scopes:',
    `       ${cli} resource-servers create --identifier lj-health-food --name "LJ Health Food" --scope place-order`,
    '  2. Register a client that may call it (its secret is shown once):',
    `       ${cli} clients create --name checkout --scope lj-health-food/place-order`,
    '  3. Get a token with the client_id and client_secret it printed:',
    '       curl -s -u CLIENT_ID:CLIENT_SECRET -d grant_type=client_credentials \\',
    `         -d scope=lj-health-food/place-order ${shellQuote(info.tokenEndpoint)}`,
    '',
    'Press Ctrl+C to stop.',
  );
  return `${lines.join('\n')}\n`;
}

async function start(config: Config, logger: Logger, logLine: (line: string) => void): Promise<Serving> {
  try {
    // One worker is a single process, as without a cluster: nothing forked, nothing forwarded.
    if (config.workers > 1) {
      const { Primary } = await import('../cluster/primary.js');
      // The workers' lines go where the primary's own do: one writer, so lines stay whole.
      return await Primary.start(config, logger, logLine);
    }
    const { startServer } = await import('../serve.js');
    return await startServer(config, { logger });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${config.host}:${config.port}`;
    if (code === 'EADDRINUSE') {
      throw new ConfigError(`${where} is already in use; stop the other process or choose another --port`);
    }
    if (code === 'EACCES')
      throw new ConfigError(`not allowed to listen on ${where}; choose a --port above 1023`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new ConfigError(`--host ${config.host} is not an address of this machine`);
    }
    throw await startError(error, config);
  }
}

export const serve = command({
  name: 'serve',
  summary: 'Start the authorization server',
  description:
    'Serves the token, JWKS, metadata, introspection and revocation endpoints. Changes made with\n' +
    'this CLI (or by other instances on the same store) take effect within a second.',
  options: {
    port: {
      type: 'string',
      value: 'PORT',
      description: flagDescription(SETTINGS.port),
    },
    host: {
      type: 'string',
      value: 'HOST',
      description: flagDescription(SETTINGS.host),
    },
    issuer: {
      type: 'string',
      value: 'URL',
      description: flagDescription(SETTINGS.issuer),
    },
    workers: {
      type: 'string',
      value: 'N',
      description: flagDescription(SETTINGS.workers),
    },
  },
  examples: [
    'gatehouse serve',
    'gatehouse serve --port 8080 --host 0.0.0.0 --issuer https://auth.example.com',
    'gatehouse serve --workers 4',
    'GATEHOUSE_MASTER_KEY=... gatehouse serve --database-url postgres://gatehouse@db/gatehouse',
  ],
  async run(inv) {
    const config = inv.config({
      port: inv.string('port'),
      host: inv.string('host'),
      issuer: inv.string('issuer'),
      workers: inv.string('workers'),
    });
    const { createLogger } = await import('../log.js');
    const io = inv.out.io;
    const logLine = io.logLine ? io.logLine.bind(io) : (line: string) => io.stdout(line);
    const logger = createLogger(config.logLevel, logLine);
    const server = await start(config, logger, logLine);
    const info = await endpoints(server, config);
    // Listen for signals before saying we are up: whoever reads the banner may stop us at once.
    const stopped = untilStopped(server, inv, 'finishing requests in flight and closing the store');
    // stdout holds only log lines, so the endpoints are one: `msg: "serving"` plus the fields of
    // the `serving` output. With --json it is written whatever the log level, since scripts wait
    // for it; the banner is for a person, so it goes to stderr, and not at all with --json.
    if (inv.json) createLogger('info', logLine).info('serving', { ...info });
    else {
      logger.info('serving', { ...info });
      inv.out.io.stderr(banner(inv, info, config, server.gatehouse.mailer.describe()));
    }
    if (server.setupUrl) inv.out.io.stderr(setupNote(server.setupUrl));
    const failed = server.failure?.then((error) => {
      throw new CliFailure('workers_crashed', error.message, { cause: error });
    });
    await (failed ? Promise.race([stopped, failed]) : stopped);
  },
});
