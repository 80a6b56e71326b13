import type { CliOutput } from '@gatehouse/schemas';
import { ConfigError } from '../config.js';
import type { Logger, LogLevel } from '../log.js';
import { command } from './command.js';
import type { Invocation } from './invocation.js';
import { formatBlock } from './output.js';
import { untilStopped } from './until-stopped.js';

/**
 * The part of @gatehouse/gateway this command uses. The package is imported only when the
 * command runs, by a specifier TypeScript does not follow: the gateway's build depends on
 * @gatehouse/verify, whose tests depend on this package, so a type-level import here would make
 * the project references circular. The gateway's own tests start this command to keep the two in step.
 */
interface GatewayModule {
  loadGatewayConfig(path: string): Promise<GatewayConfigView>;
  startGateway(config: GatewayConfigView, options: { logger: Logger }): Promise<RunningGatewayView>;
  /** JSON lines on stdout, written once per event-loop turn (the server's logger writes each at once). */
  jsonLogger(level: LogLevel): Logger;
  GatewayConfigError: abstract new (...args: never[]) => Error;
}

interface GatewayConfigView {
  issuer: string;
  routes: readonly { path: string; methods?: readonly string[]; upstream: string; auth: string }[];
}

interface RunningGatewayView {
  url: string;
  close(): Promise<void>;
}

// Not a dependency of @gatehouse/server: the gateway is installed by those who run it
// (`npm install @gatehouse/gateway`); in this repository the workspace provides it.
const GATEWAY_PACKAGE = '@gatehouse/gateway';

async function loadGatewayModule(): Promise<GatewayModule> {
  try {
    return (await import(GATEWAY_PACKAGE)) as GatewayModule;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND') {
      throw new ConfigError(`${GATEWAY_PACKAGE} is not installed; run npm install ${GATEWAY_PACKAGE}`);
    }
    throw error;
  }
}

async function start(inv: Invocation, file: string) {
  const gateway = await loadGatewayModule();
  const logger = gateway.jsonLogger(inv.config().logLevel);
  let config: GatewayConfigView;
  try {
    config = await gateway.loadGatewayConfig(file);
  } catch (error) {
    // Every issue already names file, line and setting: show them as they are.
    if (error instanceof gateway.GatewayConfigError) throw new ConfigError(error.message);
    throw error;
  }
  try {
    return { config, running: await gateway.startGateway(config, { logger }) };
  } catch (error) {
    if (error instanceof gateway.GatewayConfigError) throw new ConfigError(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError(`${file}: listen: the address is already in use`);
    if (code === 'EACCES') throw new ConfigError(`${file}: listen: not allowed; choose a port above 1023`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new ConfigError(`${file}: listen: the host is not an address of this machine`);
    }
    throw error;
  }
}

export const gateway = command({
  name: 'gateway',
  summary: 'Run the authorizing gateway in front of your APIs',
  description:
    'A reverse proxy that checks the bearer token and scopes of each request against the\n' +
    'routes in FILE (YAML or JSON), then forwards it with X-Gatehouse-Client-Id and\n' +
    'X-Gatehouse-Scopes, or with one signed X-Gatehouse-Jwt-Assertion on routes with\n' +
    'forwardClaims: signed (the key file is named in FILE: signedClaims.keyFile).\n' +
    'Logs one JSON line per request (GATEHOUSE_LOG_LEVEL=warn hides them) and one per refusal.\n' +
    'SIGTERM or SIGINT finish the requests in flight, then exit.',
  options: {
    config: {
      type: 'string',
      value: 'FILE',
      required: true,
      description: 'the gateway config: .yaml, .yml or .json (see the @gatehouse/gateway README)',
    },
  },
  examples: ['gatehouse gateway --config gateway.yaml'],
  async run(inv) {
    const file = inv.required('config');
    const { config, running } = await start(inv, file);
    const stopped = untilStopped(running, inv, 'finishing requests in flight');
    const info: CliOutput<'gateway'> = {
      url: running.url,
      issuer: config.issuer,
      routes: config.routes.length,
    };
    if (inv.json) {
      inv.out.io.stdout(`${JSON.stringify(info)}\n`);
    } else {
      const routes = config.routes.map(
        (r) =>
          `${r.methods?.join(',') ?? '*'} ${r.path} -> ${r.upstream}${r.auth === 'none' ? ' (public)' : ''}`,
      );
      const lines = [
        'Gatehouse gateway is running.',
        '',
        ...formatBlock([
          ['listening on', running.url],
          ['issuer', config.issuer],
          ['routes', routes.join('\n')],
        ]).map((line) => `  ${line}`),
        '',
        'Press Ctrl+C to stop.',
      ];
      inv.out.note(lines.join('\n'));
    }
    await stopped;
  },
});
