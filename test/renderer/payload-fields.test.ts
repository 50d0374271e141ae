// Payload fields: the live byte count or error, switching notation without changing the bytes,
// and the texts the connections grid and inspector build from the new contract fields.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePayloadSpec } from '../../shared/payload-spec';
import {
  bytesToEscapedText,
  bytesToHex,
  convertPayload,
} from '../../renderer/src/components/payload-field/payload-convert';
import { payloadStatus } from '../../renderer/src/components/payload-field/payload-status';
import { formatHeaderLines } from '../../renderer/src/features/ports/behaviour/header-lines';
import {
  detectedText,
  isWritable,
  stateText,
  upstreamText,
} from '../../renderer/src/lib/connection-text';
import { boundText } from '../../renderer/src/features/ports/behaviour/summary-text';
import { closed, conn, listener } from './support/fixtures';

describe('payload status', () => {
  it('counts bytes, escapes and UTF-8 included', () => {
    assert.deepEqual(payloadStatus({ format: 'text', value: 'hi\\r\\n' }), {
      ok: true,
      bytes: 4,
      text: '4 bytes',
    });
    assert.equal(payloadStatus({ format: 'text', value: 'é' }).text, '2 bytes');
    assert.equal(payloadStatus({ format: 'hex', value: '0a' }).text, '1 byte');
    assert.equal(payloadStatus({ format: 'text', value: '' }).text, '0 bytes');
  });

  it('says what is wrong and where, counting from 1', () => {
    const s = payloadStatus({ format: 'hex', value: '0a 0g' });
    assert.equal(s.ok, false);
    assert.equal(s.text, '"g" is not a hex digit. (at character 5)');
  });

  it('refuses what is too long to send', () => {
    const s = payloadStatus({ format: 'text', value: 'x'.repeat(2 * 1024 * 1024 + 1) });
    assert.equal(s.ok, false);
    assert.match(s.text, /Longer than 2,097,152 characters/);
  });
});

describe('payload notation switch', () => {
  it('rewrites text as hex and back, keeping the bytes', () => {
    const asHex = convertPayload({ format: 'text', value: 'OK\\r\\n' }, 'hex');
    assert.deepEqual(asHex, { format: 'hex', value: '4f 4b 0d 0a' });
    assert.deepEqual(convertPayload(asHex, 'text'), { format: 'text', value: 'OK\\r\\n' });
  });

  it('leaves a value that does not parse as typed', () => {
    assert.deepEqual(convertPayload({ format: 'hex', value: 'xyz' }, 'text'), {
      format: 'text',
      value: 'xyz',
    });
  });

  it('escapes what is not printable and keeps valid UTF-8 as text', () => {
    const bytes = Uint8Array.from([0x00, 0x5c, 0x41, 0xc3, 0xa9, 0xff, 0x1b, 0x7f, 0xc2, 0x85]);
    const t = bytesToEscapedText(bytes);
    assert.equal(t, '\\0\\\\Aé\\xff\\e\\x7f\\xc2\\x85');
    const back = parsePayloadSpec({ format: 'text', value: t });
    assert.ok(back.ok);
    if (back.ok) assert.deepEqual(back.bytes, bytes);
  });

  it('round-trips every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const specs = [
      { format: 'text', value: bytesToEscapedText(all) },
      { format: 'hex', value: bytesToHex(all) },
    ] as const;
    for (const spec of specs) {
      const back = parsePayloadSpec(spec);
      assert.ok(back.ok);
      if (back.ok) assert.deepEqual(back.bytes, all);
    }
  });

  it('formats headers one per line', () => {
    assert.equal(
      formatHeaderLines([
        ['A', '1'],
        ['B', 'x: y'],
      ]),
      'A: 1\nB: x: y',
    );
  });
});

describe('connection and port texts', () => {
  it('names what was detected: one name when the directions agree, both when not', () => {
    assert.equal(detectedText({ in: null, out: null }), '');
    assert.equal(detectedText({ in: 'http', out: null }), 'HTTP');
    assert.equal(detectedText({ in: 'websocket', out: 'websocket' }), 'WebSocket');
    assert.equal(detectedText({ in: 'postgres', out: 'postgres' }), 'PostgreSQL');
    assert.equal(detectedText({ in: 'http', out: 'text' }), 'HTTP · text');
    assert.equal(detectedText({ in: null, out: 'ssh' }), 'SSH');
  });

  it('names every end reason', () => {
    const reasons = [
      ['reset-by-user', 'closed · reset by you'],
      ['fault-reset', 'closed · reset by fault'],
      ['closed-by-behaviour', 'closed · closed after reply'],
      ['upstream-failed', 'closed · upstream failed'],
      ['idle', 'closed · idle, closed'],
    ] as const;
    for (const [endReason, text] of reasons) {
      assert.equal(stateText(closed(1, { endReason })), text);
    }
  });

  it('describes the relay upstream', () => {
    const upstream = {
      host: '::1',
      port: 6379,
      state: 'connected' as const,
      localAddress: '::1',
      localPort: 51234,
      connectedAt: 1,
    };
    assert.equal(upstreamText(upstream), 'via relay → [::1]:6379 (connected, from [::1]:51234)');
    assert.equal(
      upstreamText({ ...upstream, state: 'connecting', localAddress: null, localPort: null }),
      'via relay → [::1]:6379 (connecting)',
    );
  });

  it('knows when Porthole can still send', () => {
    assert.equal(isWritable(conn(1)), true);
    assert.equal(isWritable(conn(1, { state: 'half-closed' })), true);
    assert.equal(isWritable(closed(1)), false);
    assert.equal(isWritable(conn(1, { protocol: 'udp' })), true);
    assert.equal(isWritable(closed(1, { protocol: 'udp' })), false);
  });

  it('shows what localhost bound, and nothing when the host says it', () => {
    const both = listener('L', {
      host: 'localhost',
      addresses: [
        { address: '127.0.0.1', family: 'IPv4' },
        { address: '::1', family: 'IPv6' },
      ],
    });
    assert.equal(boundText(both), '127.0.0.1 + ::1');
    assert.equal(boundText(listener('L', { host: '127.0.0.1' })), null);
    assert.equal(boundText(listener('L', { addresses: [] })), null);
    const v4only = listener('L', {
      host: 'localhost',
      addresses: [{ address: '127.0.0.1', family: 'IPv4' }],
    });
    assert.equal(boundText(v4only), '127.0.0.1');
  });
});
