import { readFileSync } from 'node:fs';
import { isLoopback } from '@gatehouse/jws';
import { POOL_REGION_PATTERN } from '@gatehouse/schemas';
import { ConfigError } from './config-error.js';
import type { LogLevel } from './log.js';

/** Turns the text of a setting into its value; `name` is the flag or variable it came from. */
export type Parse<T> = (raw: string, name: string) => T;

export const text: Parse<string> = (raw) => raw;

export function integer(min: number, max: number): Parse<number> {
  return (raw, name) => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
}

export const bool: Parse<boolean> = (raw, name) => {
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${name} must be true or false, got "${raw}"`);
  return raw === 'true';
};

/** A switch: `on` or `off` (`true` and `false` too, as the other switches take). */
export const onOff: Parse<boolean> = (raw, name) => {
  if (raw === 'on' || raw === 'true') return true;
  if (raw === 'off' || raw === 'false') return false;
  throw new ConfigError(`${name} must be on or off, got "${raw}"`);
};

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export const logLevel: Parse<LogLevel> = (raw, name) => {
  const level = LOG_LEVELS.find((candidate) => candidate === raw);
  if (level === undefined) {
    throw new ConfigError(`${name} must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  }
  return level;
};

/** RFC 8414 §2: an https URL without query or fragment; plain http only on this machine, for development. */
export function parseIssuer(raw: string, name: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL such as https://auth.example.com, got "${raw}"`);
  }
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) {
    throw new ConfigError(`${name} must not have a query or fragment, got "${raw}"`);
  }
  if (url.username || url.password) throw new ConfigError(`${name} must not contain credentials`);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new ConfigError(
      `${name} must use https (plain http is allowed only for localhost during development), got "${raw}"`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** The first part of every user pool id, as Cognito SDKs expect it: `local`, or a region such as eu-west-1. */
export const region: Parse<string> = (raw, name) => {
  if (!POOL_REGION_PATTERN.test(raw)) {
    throw new ConfigError(
      `${name} must be local or a region name such as eu-west-1 (lowercase letters, then -word-number), got "${raw}"`,
    );
  }
  return raw;
};

/** A PEM file of certificates, read once at start: its contents, or a ConfigError naming the setting. */
export const pemCertificatesFile: Parse<string> = (raw, name) => {
  let pem: string;
  try {
    pem = readFileSync(raw, 'utf8');
  } catch (error) {
    throw new ConfigError(`${name}: cannot read "${raw}" (${(error as Error).message})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigError(`${name}: "${raw}" holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  return pem;
};
