/** Embedding Gatehouse: start a server, or open the service layer over a store. */
export { type Config, ConfigError, loadConfig } from './config.js';
export { type Gatehouse, type OpenGatehouse, openGatehouse } from './services/gatehouse.js';
export { createLogger, type Logger, silentLogger } from './log.js';
export { type RunningServer, startServer } from './serve.js';
/** `serve --workers N`: the primary of a node:cluster of servers on one port. */
export { Primary } from './cluster/primary.js';
/**
 * Who an embedder acts as when it calls the services directly: like the `gatehouse` CLI, it
 * already holds the store and the master key. Every service method takes its actor explicitly.
 */
export { type Actor, CLI_ACTOR } from './services/actor.js';
/** The pool password hash parameters, for the benchmark that states them. */
export { ARGON2_LANES, ARGON2_MEMORY_KIB, ARGON2_PASSES } from './crypto/argon2-hash.js';
