import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  LogForwarder,
  MAX_HELD_CHARS,
  MAX_IN_FLIGHT_CHARS,
  splitLines,
} from '../../src/cluster/log-forward.js';
import type { ToPrimary } from '../../src/cluster/messages.js';
import { createLogger } from '../../src/log.js';

/** A channel that writes only when told: `sent` holds each message with the callback Node would call. */
function slowChannel() {
  const sent: { lines: string; written: () => void }[] = [];
  const send = (message: ToPrimary, then?: () => void) => {
    assert.equal(message.type, 'log');
    if (message.type === 'log') sent.push({ lines: message.lines, written: () => then?.() });
  };
  return { sent, send };
}

const line = (n: number, size = 100) => `${JSON.stringify({ n, pad: 'x'.repeat(size) })}\n`;

describe('a worker forwards its log lines to the primary', () => {
  test('long batches are cut at line ends; a line too long to send is left out and counted', () => {
    const lines = line(1) + line(2) + line(3);
    assert.deepEqual(splitLines(lines, lines.length), { pieces: [lines], tooLong: 0 });
    const max = line(1).length * 2;
    assert.deepEqual(splitLines(lines, max), { pieces: [line(1) + line(2), line(3)], tooLong: 0 });
    assert.deepEqual(splitLines(line(1) + line(2, 500) + line(3), max), {
      pieces: [line(1) + line(3)],
      tooLong: 1,
    });
  });

  test('a backed-up channel: batches wait, then drop past the cap, counted in a warning', () => {
    const { sent, send } = slowChannel();
    const warnings: string[] = [];
    const forwarder = new LogForwarder(send, () => createLogger('info', (l) => warnings.push(l)));
    const batch = line(0, 64 * 1024);
    const batches = Math.ceil((MAX_IN_FLIGHT_CHARS + MAX_HELD_CHARS) / batch.length) + 10;
    for (let i = 0; i < batches; i++) forwarder.write(batch);
    // Sent until the channel holds its fill, held after that, then dropped.
    const inFlight = sent.length;
    assert.ok(inFlight * batch.length <= MAX_IN_FLIGHT_CHARS + batch.length);
    assert.ok(inFlight < batches);
    assert.equal(warnings.length, 0, 'no warning while the channel is still backed up');
    // The channel catches up: what was held goes out, in order, then the warning.
    for (let i = 0; i < sent.length; i++) sent[i]?.written();
    const delivered = sent.length;
    const dropped = batches - delivered;
    assert.ok(dropped > 0 && dropped < batches, `${dropped} of ${batches} dropped`);
    assert.ok(sent.every((m) => m.lines === batch));
    assert.equal(warnings.length, 1);
    assert.equal(JSON.parse(warnings[0] ?? '{}').dropped, dropped);
  });

  test('flush waits until every line is written, but no longer than its timeout', async () => {
    const { sent, send } = slowChannel();
    const forwarder = new LogForwarder(send, () => createLogger('silent'));
    forwarder.write(line(1));
    let flushed = false;
    const flushing = forwarder.flush(10_000).then(() => (flushed = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(flushed, false);
    sent[0]?.written();
    await flushing;

    forwarder.write(line(2));
    const start = performance.now();
    await forwarder.flush(50);
    assert.ok(performance.now() - start >= 45, 'gave up after its timeout');
  });
});
