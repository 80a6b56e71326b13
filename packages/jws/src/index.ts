export * from './jwk-import.js';
export * from './jws.js';
