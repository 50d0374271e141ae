// After a restart the engine opens the newest past capture that holds connections before
// anything asks for it (the app offers exactly that one), so the person's click does not wait
// for the walk of its file. Seen from outside as the file being open in this process: its
// descriptor appears with no command sent, and is gone once the engine has closed — also when
// the engine closes right after it started. (That an opening not yet begun when the engine
// closes never begins is kept by construction: closeAll waits for it and it checks `closing`.)

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { collect, connectClient, startEngine } from '../../support/engine-harness';

const FD_DIR = '/proc/self/fd';
const canSeeFiles = existsSync(FD_DIR);
if (!canSeeFiles) console.log(`# skipped: no ${FD_DIR} here to see which files are open`);

let home: string;
before(() => {
  home = mkdtempSync(join(tmpdir(), 'porthole-newest-'));
});
after(() => rmSync(home, { recursive: true, force: true }));

/** Files this process holds open. */
function openFiles(): string[] {
  const paths: string[] = [];
  for (const fd of readdirSync(FD_DIR)) {
    try {
      paths.push(readlinkSync(join(FD_DIR, fd)));
    } catch {
      // Closed between the listing and the read.
    }
  }
  return paths;
}

/** Polls for `path` among the open files; fails after 10 s (a safety net, not a timing claim). */
async function untilOpen(path: string, what: string): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!openFiles().includes(path)) {
    if (performance.now() > deadline) assert.fail(`timed out after 10 s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const captureFileOf = (dataDir: string, id: string) =>
  join(dataDir, 'captures', id, 'capture.porthole');

/** Record one connection in a capture of its own, then stop; returns the capture's id. */
async function recordOne(dataDir: string): Promise<string> {
  const before = new Set(existsSync(join(dataDir, 'captures')) ? captureIds(dataDir) : []);
  const engine = startEngine({ persist: { dataDir }, version: 'test' });
  try {
    const port = (await engine.open(0, '127.0.0.1')).port ?? 0;
    const socket = await connectClient(port, '127.0.0.1');
    const done = collect(socket);
    socket.end('hello');
    await done;
    await engine.waitFor(async () => {
      const { connections } = await engine.must('listConnections', {});
      return connections[0]?.state === 'closed' ? true : undefined;
    }, 'the connection to close');
  } finally {
    await engine.close();
  }
  const [id] = captureIds(dataDir).filter((c) => !before.has(c));
  assert.ok(id !== undefined, 'the run left a capture');
  return id;
}

function captureIds(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'captures')).sort();
}

describe('the newest past capture is opened ahead of reads', { skip: !canSeeFiles }, () => {
  it('opens the newest capture with connections, not an older one, with no command sent', async () => {
    const dataDir = join(home, 'two');
    const older = await recordOne(dataDir);
    const newest = await recordOne(dataDir);
    const engine = startEngine({ persist: { dataDir }, version: 'test' });
    try {
      await untilOpen(captureFileOf(dataDir, newest), 'the newest past capture to be opened');
      assert.ok(!openFiles().includes(captureFileOf(dataDir, older)), 'the older one stays shut');
      // A read of it is answered from the same opening.
      const { connections } = await engine.must('listConnections', { capture: newest });
      assert.equal(connections.length, 1);
    } finally {
      await engine.close();
    }
    assert.ok(!openFiles().includes(captureFileOf(dataDir, newest)), 'closed with the engine');
  });

  it('an engine closed at once leaves no capture file open', async () => {
    const dataDir = join(home, 'at-once');
    const past = await recordOne(dataDir);
    for (let round = 0; round < 5; round++) {
      const engine = startEngine({ persist: { dataDir }, version: 'test' });
      await engine.close();
      const open = openFiles().filter((path) => path.startsWith(join(dataDir, 'captures')));
      assert.deepEqual(open, [], `round ${round}: nothing of ${past} or the run's own capture`);
    }
  });
});
