// Shared by the import tests that build their input byte by byte: a private folder per test
// file, fixture files written into it, and two small conversations (IPv4, and IPv6 with an
// extension header) with the check that an import gives back exactly their bytes.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { frame, type Frame, type LinkKind } from '../../support/pcap-builder';
import { sent, type Conversation, type TimedPacket } from '../../support/tcp-conversation';
import { importAndRead } from './read-import';

let home = '';
before(() => {
  home = mkdtempSync(join(tmpdir(), 'porthole-import-'));
});
after(() => rmSync(home, { recursive: true, force: true }));

/** The test file's private folder (valid once its tests run). */
export const fixtureHome = (): string => home;

let n = 0;
export function writeFixture(bytes: Buffer, ext = 'pcap'): string {
  const file = join(home, `fixture-${++n}.${ext}`);
  writeFileSync(file, bytes);
  return file;
}
export const dataDir = () => join(home, 'data');

export function nth<T>(list: readonly T[], index: number): T {
  const item = list.at(index);
  assert.ok(item !== undefined, `item ${index} of ${list.length}`);
  return item;
}

export const frames = (kind: LinkKind, packets: readonly TimedPacket[]): Frame[] =>
  packets.map((p) => ({ at: p.at, data: frame(kind, p.ip) }));

export const ipv4Talk: Conversation = {
  client: ['127.0.0.1', 51000],
  server: ['127.0.0.1', 8080],
  exchanges: [
    { from: 'client', data: Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n') },
    { from: 'server', data: Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok') },
    { from: 'client', data: randomBytes(3000) },
    { from: 'server', data: randomBytes(1500) },
  ],
};
export const ipv6Talk: Conversation = {
  ...ipv4Talk,
  family: 'IPv6',
  client: ['::1', 51001],
  server: ['::1', 9090],
  ipOptions: true,
};

export async function assertTalk(file: string, talk: Conversation, extra = 0): Promise<void> {
  const { summary, connections } = await importAndRead(file, dataDir());
  assert.equal(summary.problem, null);
  assert.equal(connections.length, 1 + extra);
  const [conn] = connections;
  assert.ok(conn !== undefined);
  const expected = sent(talk);
  assert.deepEqual(conn.in, expected.client);
  assert.deepEqual(conn.out, expected.server);
  assert.equal(conn.info.remoteAddress, talk.client[0]);
  assert.equal(conn.info.remotePort, talk.client[1]);
  assert.equal(conn.info.localAddress, talk.server[0]);
  assert.equal(conn.info.localPort, talk.server[1]);
  assert.equal(conn.info.family, talk.family ?? 'IPv4');
  assert.equal(conn.info.endReason, 'client-closed');
  assert.equal(conn.info.in.dropped + conn.info.out.dropped, 0);
}
