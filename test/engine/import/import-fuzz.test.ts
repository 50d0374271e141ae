// Hostile input: random bytes, valid files with random damage, and a small valid file cut at
// every offset. The import must always settle (bounded by `within`) with a Result, never throw,
// and from a torn file keep a prefix of what the whole file holds.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Result } from '../../../shared/errors';
import { importCapture, type ImportSummary } from '../../../engine/import/import-capture';
import { within } from '../../support/within';
import { conversation } from '../../support/tcp-conversation';
import { frame, pcapFile, pcapngFile, udp } from '../../support/pcap-builder';
import { importAndRead, readCapture } from './read-import';

let home: string;
before(() => {
  home = mkdtempSync(join(tmpdir(), 'porthole-import-fuzz-'));
});
after(() => rmSync(home, { recursive: true, force: true }));

let n = 0;
async function importBytes(bytes: Uint8Array): Promise<Result<ImportSummary>> {
  const file = join(home, `input-${++n}`);
  writeFileSync(file, bytes);
  const dataDir = join(home, `data-${n}`);
  const result = await within(importCapture(file, dataDir), `the import of ${file}`, 5000);
  if (!result.ok) {
    assert.ok(['IMPORT_INVALID', 'IMPORT_FAILED'].includes(result.error.code), result.error.code);
    assert.ok(result.error.message.includes(file), 'the message names the file');
  }
  return result;
}

const talk = conversation({
  client: ['127.0.0.1', 40001],
  server: ['127.0.0.1', 6379],
  // Small, so that cutting it at every offset stays quick: no handshake, no close.
  handshake: false,
  close: 'none',
  exchanges: [
    { from: 'client', data: Buffer.from('*1\r\n$4\r\nPING\r\n') },
    { from: 'server', data: Buffer.from('+PONG\r\n') },
  ],
});
const datagram = udp({
  src: '::1',
  dst: '::1',
  sport: 50000,
  dport: 53,
  family: 'IPv6',
  data: Buffer.from('query'),
});
const smallPcap = pcapFile(
  [
    ...talk.map((p) => ({ at: p.at, data: frame('ethernet', p.ip) })),
    { at: 1_700_000_000_100, data: frame('ethernet', datagram) },
  ],
  { linkType: 1, nano: true },
);
const smallPcapng = pcapngFile(
  [{ linkType: 113 }, { linkType: 101, tsresol: 9 }],
  [
    ...talk.map((p, i) => ({
      at: p.at,
      data: i % 2 === 0 ? frame('sll', p.ip) : p.ip,
      iface: i % 2,
    })),
    { at: 1_700_000_000_100, data: datagram, iface: 1 },
  ],
  false,
);

describe('import of hostile input', () => {
  it('random bytes, with and without a valid magic, always give a Result', async () => {
    const magics = [
      Buffer.alloc(0),
      Buffer.from('d4c3b2a1', 'hex'),
      Buffer.from('a1b23c4d', 'hex'),
      smallPcap.subarray(0, 24),
      smallPcapng.subarray(0, 28),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...magics),
        fc.uint8Array({ maxLength: 600 }),
        async (magic, rest) => {
          await importBytes(Buffer.concat([magic, rest]));
        },
      ),
      { numRuns: 150 },
    );
  });

  for (const [name, file] of [
    ['pcap', smallPcap],
    ['pcapng', smallPcapng],
  ] as const) {
    it(`${name} with random damage always gives a Result`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat({ max: file.length - 1 }), fc.integer({ min: 0, max: 255 })), {
            minLength: 1,
            maxLength: 8,
          }),
          async (edits) => {
            const damaged = Buffer.from(file);
            for (const [at, value] of edits) damaged[at] = value;
            await importBytes(damaged);
          },
        ),
        { numRuns: 150 },
      );
    });

    it(`${name} cut at every offset keeps a prefix of the whole`, async () => {
      const whole = join(home, `whole.${name}`);
      writeFileSync(whole, file);
      const full = await importAndRead(whole, join(home, `whole-${name}`));
      assert.equal(full.connections.length, 2);
      assert.equal(full.summary.skipped, 0);
      for (let cut = 0; cut < file.length; cut++) {
        const result = await importBytes(file.subarray(0, cut));
        if (!result.ok) continue;
        const dataDir = join(home, `data-${n}`);
        const { connections, capture } = await readCapture(dataDir, result.value.captureId);
        await capture.close();
        for (const conn of connections) {
          const same = full.connections.find((c) => c.info.id === conn.info.id);
          assert.ok(same !== undefined);
          assert.ok(same.in.subarray(0, conn.in.length).equals(conn.in), `cut at ${cut}: in`);
          assert.ok(same.out.subarray(0, conn.out.length).equals(conn.out), `cut at ${cut}: out`);
        }
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }
});
