import type { IncomingMessage } from 'node:http';
import { PayloadTooLarge } from './errors.js';

/** Reads the whole body, refusing early (by Content-Length) or midway when it passes `limit`. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    req.resume();
    return Promise.reject(new PayloadTooLarge(limit));
  }
  // A small body usually arrives with its head and is buffered by the time the handler has
  // awaited once: all of it is there when the buffer holds the declared length. It is taken at
  // once, without the stream's rounds of events.
  if (declared !== undefined && !req.readableDidRead && req.readableLength === Number(declared)) {
    return Promise.resolve((req.read() as Buffer | null) ?? Buffer.alloc(0));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new PayloadTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!failed) {
        failed = true;
        reject(error);
      }
    });
  });
}
