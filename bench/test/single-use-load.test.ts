// The people suite's sender: every request of a list once, answers counted by status, whether
// they come with a length or chunked, and a server that closes after each answer.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { parseResponse, sendOnce } from '../src/lib/single-use-load.js';

const seen: string[] = [];
const server: Server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    seen.push(`${req.method} ${req.url} ${req.headers['x-n'] ?? ''} ${body}`);
    const n = Number(req.headers['x-n']);
    if (n % 5 === 0) res.statusCode = 400;
    if (n % 3 === 0) res.setHeader('connection', 'close');
    // Without a length node:http sends the body chunked.
    if (n % 2 === 0) res.write(JSON.stringify({ n }));
    res.end(n % 2 === 0 ? '' : JSON.stringify({ n }));
  });
});
after(() => server.close());

test('each request of the list is sent once, and every answer is counted by its status', async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const requests = Array.from({ length: 60 }, (_, n) => ({
    method: 'POST' as const,
    path: `/token?n=${n}`,
    headers: { 'x-n': String(n), 'content-type': 'application/x-www-form-urlencoded' },
    body: `code=c${n}`,
  }));
  const result = await sendOnce({
    url: `http://127.0.0.1:${port}`,
    requests,
    connections: 4,
    durationSeconds: 30,
    amount: requests.length,
    once: true,
  });
  assert.deepEqual(
    [...seen].sort(),
    requests.map((r) => `POST ${r.path} ${r.headers['x-n']} ${r.body}`).sort(),
  );
  assert.equal(result.requests, 60);
  assert.equal(result.non2xx, 12, 'n = 0, 5, …, 55 are refused');
  assert.equal(result.errors, 0);
  assert.equal(result.timeouts, 0);
  assert.ok(result.rps > 0 && result.p99 >= result.p50);
});

test('a response is complete only with its whole body, by length or by chunks', () => {
  const fixed = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello');
  assert.equal(parseResponse(fixed.subarray(0, fixed.length - 1)), undefined);
  assert.deepEqual(parseResponse(fixed), { status: 200, size: fixed.length, close: false });
  const chunked = Buffer.from(
    'HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
  );
  assert.equal(parseResponse(chunked.subarray(0, chunked.length - 2)), undefined);
  assert.deepEqual(parseResponse(chunked), { status: 400, size: chunked.length, close: true });
  assert.throws(() => parseResponse(Buffer.from('HTTP/1.1 200 OK\r\n\r\n')), /no length/);
});

test('a server that refuses connections ends the run with errors, not a loop of redials', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const result = await sendOnce({
    url: `http://127.0.0.1:${port}`,
    requests: [{ path: '/a' }, { path: '/b' }, { path: '/c' }],
    connections: 2,
    durationSeconds: 30,
    once: true,
  });
  assert.equal(result.errors, 2, 'one per connection that failed');
  assert.equal(result.rps, 0);
});
