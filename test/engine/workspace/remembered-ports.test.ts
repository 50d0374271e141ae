// Ports remembered between starts, through real engines on one real data folder: what engine A
// had comes back in engine B closed with the same configuration, "open at start" ports open by
// themselves and take real connections, and a workspace.json that cannot be used is set aside,
// never written over.

import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ListenerInfo } from '../../../shared/model';
import { parseWorkspace, type WorkspacePort } from '../../../shared/workspace';
import { collect, connectClient, startEngine } from '../../support/engine-harness';
import { udpPeer } from '../../support/udp-client';

const home = mkdtempSync(join(tmpdir(), 'porthole-remembered-'));
after(() => rmSync(home, { recursive: true, force: true }));
let folders = 0;
const freshDataDir = (): string => join(home, `data-${++folders}`, 'porthole');

/** The config a workspace keeps of a port (what must survive a restart). */
function configOf(l: ListenerInfo): Omit<WorkspacePort, 'port'> {
  const { protocol, host, behaviour, faults, openAtStart } = l;
  return { protocol, host, behaviour, faults, openAtStart };
}

function rememberedIn(dataDir: string): WorkspacePort[] {
  const parsed = parseWorkspace(JSON.parse(readFileSync(join(dataDir, 'workspace.json'), 'utf8')));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
  return parsed.workspace.ports;
}

describe('remembered ports', () => {
  it('come back after a restart: closed, same config; "open at start" ones open and accept', async () => {
    const dataDir = freshDataDir();
    const a = startEngine({ persist: { dataDir } });
    let before: ListenerInfo[];
    try {
      const echo = await a.must('openListener', {
        host: '127.0.0.1',
        port: 0,
        behaviour: { kind: 'echo' },
      });
      await a.must('openListener', { protocol: 'udp', host: '127.0.0.1', port: 0 });
      await a.must('openListener', {
        host: '127.0.0.1',
        port: 0,
        behaviour: { kind: 'relay', host: '127.0.0.1', port: 9, connectTimeoutMs: 700 },
        faults: { delayMs: 25, splitBytes: 3 },
      });
      await a.must('setOpenAtStart', { id: echo.id, openAtStart: true });
      // The flag reaches every window through the batches, like any other change.
      await a.waitForBatch((b) => b.listeners.some((l) => l.id === echo.id && l.openAtStart));
      before = await a.must('listListeners', {});
    } finally {
      await a.close();
    }
    assert.equal(before.length, 3);
    assert.deepEqual(
      rememberedIn(dataDir).map((p) => p.port),
      before.map((l) => l.port),
      'the bound ports are remembered, in order',
    );
    if (process.platform !== 'win32') {
      assert.equal(statSync(join(dataDir, 'workspace.json')).mode & 0o777, 0o600);
      assert.equal(statSync(dataDir).mode & 0o777, 0o700);
      assert.deepEqual(
        readdirSync(dataDir).filter((f) => f.includes('.tmp')),
        [],
        'no temp file left',
      );
    }

    const b = startEngine({ persist: { dataDir } });
    try {
      const listed = await b.must('listListeners', {});
      assert.deepEqual(listed.map(configOf), before.map(configOf));
      assert.deepEqual(
        listed.map((l) => l.requestedPort),
        before.map((l) => l.port),
      );
      const started = await b.engine.started;
      assert.deepEqual(
        started.map((l) => [l.protocol, l.state]),
        [['tcp', 'open']],
      );
      const after = await b.must('listListeners', {});
      assert.deepEqual(
        after.map((l) => l.state),
        ['open', 'closed', 'closed'],
      );
      const [echo, udp] = after as [ListenerInfo, ListenerInfo, ListenerInfo];
      assert.equal(echo.port, before[0]?.port, 'opened on its remembered port');
      const client = await connectClient(echo.port ?? 0);
      const echoed = collect(client);
      client.end('still here');
      assert.equal((await echoed).toString(), 'still here');
      await b.waitFor(async () => {
        const l = (await b.must('listListeners', {}))[0];
        return l !== undefined && l.connectionsTotal === 1 ? true : undefined;
      }, 'the engine to count the connection');

      // A closed remembered port reopens on the port it had.
      const reopened = await b.must('reopenListener', { id: udp.id });
      assert.equal(reopened.state, 'open');
      assert.equal(reopened.port, before[1]?.port);
      const peer = await udpPeer();
      await peer.send('ping', reopened.port ?? 0);
      await b.waitForStats((s) => s.bytesReceived >= 4, 'the datagram');
      await peer.close();
    } finally {
      await b.close();
    }
  });

  it('removing a port forgets it; without a data folder nothing is remembered', async () => {
    const dataDir = freshDataDir();
    const a = startEngine({ persist: { dataDir } });
    try {
      const keep = await a.open(0);
      const drop = await a.open(0);
      await a.must('closeListener', { id: drop.id });
      await a.must('removeListener', { id: drop.id });
      assert.deepEqual(
        (await a.must('exportWorkspace', {})).ports.map((p) => p.port),
        [keep.port],
      );
    } finally {
      await a.close();
    }
    assert.equal(rememberedIn(dataDir).length, 1);
    assert.equal(a.engine.rememberedPorts()?.writeError, null);

    const memoryOnly = startEngine();
    try {
      await memoryOnly.open(0);
      assert.equal(memoryOnly.engine.rememberedPorts(), null);
    } finally {
      await memoryOnly.close();
    }
  });

  for (const [name, text, problem] of [
    [
      'that is not JSON',
      '{"kind": "porthole-workspace", "version": 1, "ports": [',
      /not valid JSON/,
    ],
    [
      'with a bad field',
      '{"kind":"porthole-workspace","version":1,"ports":[{"port":70000}]}',
      /^ports\[0\]\.port: /,
    ],
    [
      'from a newer Porthole',
      '{"kind":"porthole-workspace","version":9,"ports":[]}',
      /^version: .*newer/,
    ],
  ] as const) {
    it(`a workspace.json ${name} is set aside and never written over`, async () => {
      const dataDir = freshDataDir();
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(join(dataDir, 'workspace.json'), text);

      const h = startEngine({ persist: { dataDir } });
      try {
        assert.deepEqual(await h.must('listListeners', {}), []);
        const status = h.engine.rememberedPorts();
        assert.match(status?.setAside?.problem ?? '', problem);
        const movedTo = status?.setAside?.movedTo ?? '';
        assert.match(movedTo, /workspace\.json\.invalid-\d{4}-\d\d-\d\dT[\d-]+Z$/);
        assert.equal(readFileSync(movedTo, 'utf8'), text);
        assert.equal(existsSync(join(dataDir, 'workspace.json')), false);
        await h.open(0);
      } finally {
        await h.close();
      }
      assert.equal(rememberedIn(dataDir).length, 1, 'a new file for the new ports');
      const kept = readdirSync(dataDir).filter((f) => f.startsWith('workspace.json.invalid-'));
      assert.equal(kept.length, 1);
      assert.equal(readFileSync(join(dataDir, kept[0] ?? ''), 'utf8'), text, 'untouched');
    });
  }

  it('a start workspace is merged into the remembered ports and all of it opens', async () => {
    const dataDir = freshDataDir();
    const a = startEngine({ persist: { dataDir } });
    const remembered = await a.open(0);
    await a.close();

    const b = startEngine({
      persist: { dataDir },
      startWorkspace: {
        kind: 'porthole-workspace',
        version: 1,
        ports: [
          {
            protocol: 'tcp',
            host: '127.0.0.1',
            port: remembered.port ?? 0,
            behaviour: { kind: 'echo' },
            faults: { delayMs: 0, bytesPerSecond: null, splitBytes: null, resetAfterBytes: null },
            openAtStart: false,
          },
        ],
      },
    });
    try {
      const started = await b.engine.started;
      assert.equal(started.length, 1, 'the same port, not a second one');
      assert.equal(started[0]?.state, 'open');
      assert.equal(started[0]?.port, remembered.port);
      assert.deepEqual(started[0]?.behaviour, { kind: 'echo' });
      const client = await connectClient(remembered.port ?? 0);
      const echoed = collect(client);
      client.end('echo?');
      assert.equal((await echoed).toString(), 'echo?');
    } finally {
      await b.close();
    }
    assert.deepEqual(
      rememberedIn(dataDir).map((p) => p.behaviour.kind),
      ['echo'],
    );
  });
});
