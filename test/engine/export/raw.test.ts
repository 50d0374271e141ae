// Raw bytes out: one direction of one connection of a real capture, byte-exact, to a file; a
// connection a cap cut writes what was kept and says how much was not; a wrong number is refused.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exportCaptureToRaw } from '../../../engine/export/raw/export-raw';
import { collect, connectClient, startEngine } from '../../support/engine-harness';
import { sha256 } from '../../support/traffic';

let home: string;
let dataDir: string;
const sent = randomBytes(3 * 1024 * 1024 + 7);
const capped = randomBytes(300_000);

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'porthole-raw-'));
  dataDir = join(home, 'data');
  const h = startEngine({ persist: { dataDir }, limits: { perConnectionBytes: 8 * 1024 * 1024 } });
  try {
    const echo = await h.must('openListener', {
      host: '127.0.0.1',
      port: 0,
      behaviour: { kind: 'echo' },
    });
    const client = await connectClient(echo.port ?? 0);
    const back = collect(client);
    client.end(sent);
    assert.equal(sha256(await back), sha256(sent));
    await h.must('setLimits', { perConnectionBytes: 100_000 });
    const cut = await connectClient(echo.port ?? 0);
    const cutBack = collect(cut);
    cut.end(capped);
    await cutBack;
    await h.waitFor(async () => {
      const all = (await h.must('listConnections', {})).connections;
      return all.length === 2 && all.every((c) => c.state === 'closed') ? true : undefined;
    }, 'both connections to close');
  } finally {
    await h.close();
  }
});
after(() => rmSync(home, { recursive: true, force: true }));

describe('raw export', () => {
  it('writes each direction of a connection byte-exact, private', async () => {
    for (const direction of ['in', 'out'] as const) {
      const output = join(home, `1-${direction}.bin`);
      const result = await exportCaptureToRaw({
        dataDir,
        capture: 'latest',
        output,
        connectionId: 1,
        direction,
      });
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      assert.equal(result.value.bytes, sent.length);
      assert.equal(result.value.notCaptured, 0);
      assert.equal(sha256(readFileSync(output)), sha256(sent), direction);
      if (process.platform !== 'win32') assert.equal(statSync(output).mode & 0o777, 0o600);
    }
  });

  it('a connection a cap cut: what was kept, and how much was not', async () => {
    const output = join(home, '2-in.bin');
    const result = await exportCaptureToRaw({
      dataDir,
      capture: 'latest',
      output,
      connectionId: 2,
      direction: 'in',
    });
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    const kept = readFileSync(output);
    assert.ok(kept.length > 0 && kept.length < capped.length);
    assert.deepEqual(kept, capped.subarray(0, kept.length), 'an exact prefix');
    assert.equal(result.value.notCaptured, capped.length - kept.length);
  });

  it('refuses a connection the capture does not have, leaving no file', async () => {
    const output = join(home, 'none.bin');
    const result = await exportCaptureToRaw({
      dataDir,
      capture: 'latest',
      output,
      connectionId: 99,
      direction: 'in',
    });
    assert.equal(result.ok ? null : result.error.code, 'CONNECTION_NOT_FOUND');
    assert.throws(() => statSync(output));
  });
});
