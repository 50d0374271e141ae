// What an import skips and refuses: other protocols, fragments of datagrams never completed and
// non-IP frames are counted; files that are not pcap, unsupported link types, tears, absurd
// lengths, unreadable files and cancelled imports give an error naming the file (and the byte
// offset), keeping what came before a tear. And an import is listed by the capture library like
// any capture, under the file's name or the one it was given.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { importCapture } from '../../../engine/import/import-capture';
import { CaptureLibrary } from '../../../engine/persist/capture-library';
import { capturesDir } from '../../../engine/persist/capture-files';
import { DEFAULT_CAPTURE_SETTINGS } from '../../../shared/model';
import { conversation, sent } from '../../support/tcp-conversation';
import { frame, pcapFile, udp, type Frame } from '../../support/pcap-builder';
import { importAndRead } from './read-import';
import { dataDir, fixtureHome, frames, ipv4Talk, ipv6Talk, nth, writeFixture } from './fixtures';

describe('what is skipped', () => {
  it('counts a fragment never completed, other protocols and non-IP frames as skipped', async () => {
    const good = conversation(ipv4Talk);
    const fragment = Buffer.from(nth(good, 3).ip);
    fragment.writeUInt16BE(0x2000, 6); // more fragments, which never come
    const icmp = Buffer.from(nth(good, 0).ip);
    icmp[9] = 1;
    const arp = Buffer.concat([Buffer.alloc(12), Buffer.from([0x08, 0x06]), Buffer.alloc(28)]);
    const list: Frame[] = [
      ...frames('ethernet', good),
      { at: nth(good, 0).at, data: frame('ethernet', fragment) },
      { at: nth(good, 0).at, data: frame('ethernet', icmp) },
      { at: nth(good, 0).at, data: arp },
      { at: nth(good, 0).at, data: Buffer.from([0x45, 0, 0]) },
    ];
    const file = writeFixture(pcapFile(list, { linkType: 1 }));
    const { summary, connections } = await importAndRead(file, dataDir());
    assert.equal(summary.skipped, 4);
    assert.equal(summary.packets, good.length + 4);
    assert.deepEqual(connections[0]?.in, sent(ipv4Talk).client);
  });
});

describe('the capture library', () => {
  it('lists an import under the file name, with its connections', async () => {
    const dir = join(fixtureHome(), 'library');
    const file = writeFixture(pcapFile(frames('raw', conversation(ipv4Talk)), { linkType: 101 }));
    const result = await importCapture(file, dir);
    assert.ok(result.ok);
    const library = new CaptureLibrary(dir);
    const list = await library.list(null, new Set(), DEFAULT_CAPTURE_SETTINGS);
    await library.closeAll();
    assert.equal(list.length, 1);
    assert.equal(list[0]?.id, result.value.captureId);
    assert.equal(list[0]?.name, basename(file));
    assert.equal(list[0]?.connections, 1);
    assert.equal(list[0]?.interrupted, false);
    assert.equal(list[0]?.damaged, false);
  });

  it('lists an import under the name it was given (an upload arrives as a temporary file)', async () => {
    const dir = join(fixtureHome(), 'named');
    const file = writeFixture(pcapFile(frames('raw', conversation(ipv4Talk)), { linkType: 101 }));
    const result = await importCapture(file, dir, { name: 'from the browser.pcap' });
    assert.ok(result.ok);
    const library = new CaptureLibrary(dir);
    const list = await library.list(null, new Set(), DEFAULT_CAPTURE_SETTINGS);
    await library.closeAll();
    assert.equal(list[0]?.name, 'from the browser.pcap');
  });
});

describe('bad input', () => {
  it('refuses a file that is not pcap or pcapng, naming the file and the offset', async () => {
    const file = writeFixture(Buffer.from('PORTHOLE, not a pcap at all'));
    const result = await importCapture(file, dataDir());
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'IMPORT_INVALID');
    assert.match(!result.ok ? result.error.message : '', new RegExp(`${file}.*byte 0`));
  });

  it('refuses an unsupported link type', async () => {
    const file = writeFixture(pcapFile([{ at: 1, data: Buffer.alloc(40) }], { linkType: 147 }));
    const result = await importCapture(file, dataDir());
    assert.equal(!result.ok && result.error.code, 'IMPORT_INVALID');
    assert.match(!result.ok ? result.error.message : '', /link type 147/);
  });

  it('keeps what came before a tear, and says where it is', async () => {
    const whole = pcapFile(frames('ethernet', conversation(ipv4Talk)), { linkType: 1 });
    const more = pcapFile(frames('ethernet', conversation(ipv6Talk)), { linkType: 1 });
    const torn = Buffer.concat([whole, more.subarray(24, 24 + 40)]);
    const file = writeFixture(torn);
    const { summary, connections } = await importAndRead(file, dataDir());
    assert.equal(connections.length, 1);
    assert.deepEqual(connections[0]?.out, sent(ipv4Talk).server);
    assert.equal(summary.problem?.code, 'IMPORT_INVALID');
    assert.match(summary.problem?.message ?? '', new RegExp(`byte ${whole.length}\\b`));
  });

  it('stops at a record that claims an absurd length', async () => {
    const whole = pcapFile(frames('raw', conversation(ipv4Talk)), { linkType: 101 });
    const bad = Buffer.alloc(16);
    bad.writeUInt32LE(0xfffffff0, 8);
    const file = writeFixture(Buffer.concat([whole, bad, Buffer.alloc(64)]));
    const { summary } = await importAndRead(file, dataDir());
    assert.match(summary.problem?.message ?? '', /claims 4294967280 bytes/);
  });

  it('refuses a file without TCP or UDP traffic (an empty capture would not be listed)', async () => {
    const dir = join(fixtureHome(), 'empty');
    const icmp = Buffer.from(nth(conversation(ipv4Talk), 0).ip);
    icmp[9] = 1;
    for (const bytes of [
      pcapFile([], { linkType: 1 }),
      pcapFile([{ at: 1, data: icmp }], { linkType: 101 }),
    ]) {
      const result = await importCapture(writeFixture(bytes), dir);
      assert.equal(!result.ok && result.error.code, 'IMPORT_INVALID');
      assert.match(!result.ok ? result.error.message : '', /no TCP or UDP traffic/);
    }
    assert.ok(!existsSync(capturesDir(dir)) || readdirSync(capturesDir(dir)).length === 0);
  });

  it('says when the data folder cannot be written, and leaves nothing behind', async () => {
    const notAFolder = writeFixture(Buffer.from('a file where the data folder should be'));
    const file = writeFixture(pcapFile(frames('raw', conversation(ipv4Talk)), { linkType: 101 }));
    const result = await importCapture(file, notAFolder);
    assert.equal(!result.ok && result.error.code, 'IMPORT_FAILED');
    assert.match(!result.ok ? result.error.message : '', new RegExp(file));
  });

  it('says when the file cannot be read', async () => {
    const result = await importCapture(join(fixtureHome(), 'missing.pcap'), dataDir());
    assert.equal(!result.ok && result.error.code, 'IMPORT_FAILED');
  });

  it('reports progress up to the whole file, and keeps nothing when cancelled part way', async () => {
    // About 12 MiB of datagrams: several pieces read, a capture already being written.
    const datagram = (i: number): Frame => ({
      at: 1_700_000_000_000 + i,
      data: udp({
        src: '127.0.0.1',
        dst: '127.0.0.1',
        sport: 40000,
        dport: 9,
        data: randomBytes(8000),
      }),
    });
    const file = writeFixture(
      pcapFile(
        Array.from({ length: 1500 }, (_, i) => datagram(i)),
        { linkType: 101 },
      ),
    );
    const seen: [number, number][] = [];
    const whole = await importCapture(file, join(fixtureHome(), 'progress'), {
      onProgress: (read, total) => seen.push([read, total]),
    });
    assert.ok(whole.ok);
    assert.ok(seen.length >= 3);
    const last = seen.at(-1);
    assert.equal(last?.[0], last?.[1]);
    const dir = join(fixtureHome(), 'cancelled-part-way');
    const controller = new AbortController();
    const result = await importCapture(file, dir, {
      signal: controller.signal,
      onProgress: (read) => {
        if (read > 5_000_000) controller.abort();
      },
    });
    assert.equal(!result.ok && result.error.code, 'IMPORT_CANCELLED');
    assert.deepEqual(readdirSync(capturesDir(dir)), []);
  });

  it('keeps nothing when cancelled', async () => {
    const dir = join(fixtureHome(), 'cancelled');
    const file = writeFixture(pcapFile(frames('raw', conversation(ipv4Talk)), { linkType: 101 }));
    const controller = new AbortController();
    controller.abort();
    const result = await importCapture(file, dir, { signal: controller.signal });
    assert.equal(!result.ok && result.error.code, 'IMPORT_CANCELLED');
    assert.ok(!existsSync(capturesDir(dir)) || readdirSync(capturesDir(dir)).length === 0);
  });
});
