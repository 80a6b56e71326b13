/** Embedding Gatehouse: start a server, or open the service layer over a store. */
export { type Config, ConfigError, loadConfig } from './config.js';
export { type Gatehouse, type OpenGatehouse, openGatehouse } from './gatehouse.js';
export { createLogger, type Logger, silentLogger } from './log.js';
export { type RunningServer, startServer } from './serve.js';
