import { execFileSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One call the hook received, as its receiver sees it. */
export interface HookCall {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  body: Record<string, unknown>;
}

/** What the hook answers: a status, a body (a string is sent as it is), after a delay. */
export interface HookReply {
  status?: number;
  body?: unknown;
  delayMs?: number;
}

/**
 * A real HTTPS token hook on 127.0.0.1, with a self-signed certificate made by openssl for this
 * run. `caFile` is what GATEHOUSE_TOKEN_HOOK_CA_FILE must name for Gatehouse to trust it.
 */
export class HookServer {
  readonly calls: HookCall[] = [];
  reply: (call: HookCall) => HookReply = () => ({ body: { claims: {} } });
  readonly caFile: string;
  private readonly dir: string;
  private server: Server | undefined;
  url = '';

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'gatehouse-hook-'));
    this.caFile = join(this.dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(this.dir, 'key.pem'),
        '-out',
        this.caFile,
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
  }

  async start(): Promise<void> {
    const server = createServer(
      { key: readFileSync(join(this.dir, 'key.pem')), cert: readFileSync(this.caFile) },
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const call: HookCall = {
            headers: req.headers,
            raw,
            body: JSON.parse(raw) as Record<string, unknown>,
          };
          this.calls.push(call);
          const { status = 200, body = { claims: {} }, delayMs = 0 } = this.reply(call);
          setTimeout(() => {
            if (res.destroyed) return;
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(typeof body === 'string' ? body : JSON.stringify(body));
          }, delayMs);
        });
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/token-hook`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The receiver's check, as the README tells hook authors to write it: the MAC of "<t>.<body>"
 * with the secret, compared in constant time, and `t` within `toleranceSeconds` of now.
 */
export function verifySignature(
  header: string | string[] | undefined,
  raw: string,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (typeof header !== 'string') return false;
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${raw}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
