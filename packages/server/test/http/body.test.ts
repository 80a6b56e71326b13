// readBody over real sockets: a body that came with the head, one that trickles in after it,
// one sent in chunks, an empty one, and one over the limit either way.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { readBody } from '../../src/http/body.js';
import { PayloadTooLarge } from '../../src/http/errors.js';

const LIMIT = 64;

/** Answers with what readBody gave: the body as text, or the error's name. */
function bodyServer(awaitFirst: boolean): Server {
  return createServer((req, res) => {
    void (async () => {
      // Handlers usually await something (a cache, a lookup) before reading.
      if (awaitFirst) await Promise.resolve();
      try {
        const body = await readBody(req, LIMIT);
        res.end(`ok:${body.toString('utf8')}`);
      } catch (error) {
        res.setHeader('connection', 'close');
        res.end(`error:${error instanceof PayloadTooLarge ? 'PayloadTooLarge' : String(error)}`);
      }
    })();
  });
}

/** Writes `parts` to a fresh connection, `pauseMs` apart, and returns the answer's body. */
function exchange(server: Server, parts: string[], pauseMs = 0): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let raw = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      raw = Buffer.concat([raw, chunk]);
      const head = raw.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(raw.toString('latin1'))?.[1];
      if (head !== -1 && length !== undefined && raw.length >= head + 4 + Number(length)) {
        socket.destroy();
        resolve(raw.subarray(head + 4).toString('utf8'));
      }
    });
    socket.on('error', reject);
    void (async () => {
      for (const part of parts) {
        socket.write(part);
        if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
      }
    })();
  });
}

const post = (body: string) =>
  `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const chunked = (chunks: string[]) =>
  `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunks
    .map((c) => `${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`)
    .join('')}0\r\n\r\n`;

for (const awaitFirst of [false, true]) {
  describe(`readBody, ${awaitFirst ? 'after an await' : 'at once'}`, () => {
    const server = bodyServer(awaitFirst);
    before(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    test('a body sent with its head', async () => {
      assert.equal(await exchange(server, [post('a=1&b=ü')]), 'ok:a=1&b=ü');
    });

    test('a body that arrives in pieces after its head', async () => {
      const whole = post('grant_type=refresh_token&refresh_token=abc');
      const head = whole.indexOf('\r\n\r\n') + 4;
      const answer = await exchange(
        server,
        [whole.slice(0, head), whole.slice(head, head + 10), whole.slice(head + 10)],
        30,
      );
      assert.equal(answer, 'ok:grant_type=refresh_token&refresh_token=abc');
    });

    test('a chunked body, whole or a chunk at a time', async () => {
      assert.equal(await exchange(server, [chunked(['a=', '1', '&b=2'])]), 'ok:a=1&b=2');
      const parts = chunked(['a=', '1', '&b=2']).split(/(?<=\r\n\r\n)/);
      assert.equal(await exchange(server, parts, 20), 'ok:a=1&b=2');
    });

    test('no body', async () => {
      assert.equal(await exchange(server, [post('')]), 'ok:');
    });

    test('over the limit: refused by its length, or as the chunks pass it, whole or trickling', async () => {
      assert.equal(await exchange(server, [post('x'.repeat(LIMIT + 1))]), 'error:PayloadTooLarge');
      const over = chunked(['x'.repeat(40), 'x'.repeat(40)]);
      assert.equal(await exchange(server, [over]), 'error:PayloadTooLarge');
      assert.equal(await exchange(server, over.split(/(?<=\r\n)/), 10), 'error:PayloadTooLarge');
    });

    test('exactly the limit is read', async () => {
      assert.equal(await exchange(server, [chunked(['y'.repeat(LIMIT)])]), `ok:${'y'.repeat(LIMIT)}`);
    });
  });
}
