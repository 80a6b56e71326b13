export * from './algorithms.js';
export * from './decode.js';
export * from './jwk-import.js';
export * from './loopback.js';
export * from './read-capped.js';
export * from './scope-token.js';
export * from './sign.js';
export * from './verify.js';
