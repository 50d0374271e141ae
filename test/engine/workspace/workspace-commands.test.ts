// exportWorkspace, importWorkspace and setOpenAtStart through the contract's guard, on real
// engines and real ports: an export imports into another engine as the same ports, a second
// import updates instead of duplicating, and a bad file is refused whole with the field named.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ListenerInfo } from '../../../shared/model';
import { MAX_WORKSPACE_PORTS, type Workspace } from '../../../shared/workspace';
import { collect, connectClient, startEngine, type Harness } from '../../support/engine-harness';

const harnesses: Harness[] = [];
after(() => Promise.all(harnesses.map((h) => h.close())));
function engine(): Harness {
  const h = startEngine();
  harnesses.push(h);
  return h;
}

const text = (value: string) => ({ format: 'text' as const, value });

describe('workspace commands', () => {
  it('export → import into another engine: the same ports; "open at start" ones open', async () => {
    const a = engine();
    await a.must('openListener', { host: '127.0.0.1', port: 0, behaviour: { kind: 'echo' } });
    await a.must('openListener', {
      host: 'localhost',
      port: 0,
      behaviour: { kind: 'reply', onConnect: text('hello\r\n'), closeAfterReply: true },
      faults: { splitBytes: 2, bytesPerSecond: 1000 },
    });
    await a.must('openListener', {
      host: '127.0.0.1',
      port: 0,
      behaviour: { kind: 'http', status: 418, headers: [['X-Test', 'yes']], body: text('tea') },
    });
    await a.must('openListener', {
      protocol: 'udp',
      host: '127.0.0.1',
      port: 0,
      behaviour: { kind: 'relay', host: '127.0.0.1', port: 5353 },
      faults: { delayMs: 40 },
    });
    const listed = await a.must('listListeners', {});
    await a.must('setOpenAtStart', { id: listed[0]?.id ?? '', openAtStart: true });
    const exported = await a.must('exportWorkspace', {});
    assert.equal(exported.kind, 'porthole-workspace');
    assert.equal(exported.version, 1);
    assert.deepEqual(
      exported.ports.map((p) => [p.port, p.openAtStart]),
      listed.map((l, i) => [l.port, i === 0]),
    );
    // Closed first: the imported "open at start" port binds the same number.
    for (const l of listed) await a.must('closeListener', { id: l.id });

    const b = engine();
    // What crosses a transport (or sits in a file) is JSON.
    const imported = await b.must('importWorkspace', {
      workspace: JSON.parse(JSON.stringify(exported)),
    });
    assert.deepEqual(
      imported.map((l) => l.state),
      ['open', 'closed', 'closed', 'closed'],
    );
    assert.deepEqual(await b.must('exportWorkspace', {}), exported);

    const client = await connectClient(imported[0]?.port ?? 0);
    const echoed = collect(client);
    client.end('round trip');
    assert.equal((await echoed).toString(), 'round trip');

    // The same file again updates those ports instead of listing them twice.
    const again = await b.must('importWorkspace', { workspace: exported });
    assert.deepEqual(
      again.map((l) => l.id),
      imported.map((l) => l.id),
    );
    assert.equal((await b.must('listListeners', {})).length, 4);
  });

  it('a port listed with the same protocol, host and port is reconfigured in place', async () => {
    const h = engine();
    const open = await h.open(0);
    const port = open.port ?? 0;
    const other = { protocol: 'udp' as const, host: '127.0.0.1' as const, port };
    const result = await h.must('importWorkspace', {
      workspace: {
        kind: 'porthole-workspace',
        version: 1,
        ports: [
          { host: '127.0.0.1', port, behaviour: { kind: 'echo' }, openAtStart: true },
          other,
          { host: '::1', port },
        ],
      },
    });
    assert.equal(result.length, 3);
    const [same, udp, v6] = result as [ListenerInfo, ListenerInfo, ListenerInfo];
    assert.equal(same.id, open.id, 'updated, not added');
    assert.equal(same.state, 'open', 'still open, on the same port');
    assert.deepEqual(same.behaviour, { kind: 'echo' });
    assert.equal(same.openAtStart, true);
    assert.notEqual(udp.id, open.id, 'another protocol is another port');
    assert.equal(udp.state, 'closed');
    assert.notEqual(v6.id, open.id, 'another host is another port');
    const client = await connectClient(port);
    const echoed = collect(client);
    client.end('now an echo');
    assert.equal((await echoed).toString(), 'now an echo');
  });

  it('a bad file is refused with the field named, and nothing is applied', async () => {
    const h = engine();
    await h.open(0);
    const before = await h.must('exportWorkspace', {});
    const ok = { kind: 'porthole-workspace', version: 1 };
    const good = { protocol: 'tcp', host: '127.0.0.1', port: 0 };
    const cases: [string, unknown, RegExp][] = [
      ['wrong kind', { ...ok, kind: 'har', ports: [] }, /^kind: /],
      ['newer version', { ...ok, version: 2, ports: [] }, /^version: written by a newer Porthole/],
      ['bad port', { ...ok, ports: [good, { port: 65536 }] }, /^ports\[1\]\.port: /],
      ['negative port', { ...ok, ports: [{ port: -1 }] }, /^ports\[0\]\.port: /],
      [
        'unknown behaviour',
        { ...ok, ports: [good, { port: 1, behaviour: { kind: 'teapot' } }] },
        /^ports\[1\]\.behaviour\.kind: /,
      ],
      [
        'unsupported fault for UDP',
        { ...ok, ports: [{ protocol: 'udp', port: 1, faults: { resetAfterBytes: 10 } }] },
        /^ports\[0\]\.faults: UDP ports support only the delay fault/,
      ],
      [
        'extra key in a port',
        { ...ok, ports: [{ port: 1, colour: 'red' }] },
        /^ports\[0\]: .*colour/,
      ],
      ['extra key at the top', { ...ok, ports: [], note: 'x' }, /^the file: .*note/],
      [
        `${MAX_WORKSPACE_PORTS + 1} ports`,
        { ...ok, ports: Array.from({ length: MAX_WORKSPACE_PORTS + 1 }, () => good) },
        /^ports: /,
      ],
      ['not an object', [good], /^the file: /],
    ];
    for (const [name, workspace, field] of cases) {
      const result = await h.call('importWorkspace', { workspace });
      assert.ok(!result.ok, `${name}: refused`);
      assert.equal(result.error.code, 'WORKSPACE_INVALID', name);
      const detail = /^That workspace file cannot be used: (.*)\.$/.exec(result.error.message)?.[1];
      assert.match(detail ?? result.error.message, field, name);
      assert.match(result.error.hint, /Nothing was changed/);
    }
    assert.deepEqual(
      await h.must('exportWorkspace', {}),
      before,
      'nothing applied, in part or whole',
    );
  });

  it('a port in the middle of closing is not reconfigured: the whole import is refused', async () => {
    const h = engine();
    const open = await h.open(0);
    const closing = h.call('closeListener', { id: open.id });
    const result = await h.call('importWorkspace', {
      workspace: {
        kind: 'porthole-workspace',
        version: 1,
        ports: [{ port: 0 }, { host: '127.0.0.1', port: open.port, behaviour: { kind: 'echo' } }],
      },
    });
    await closing;
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'LISTENER_BUSY');
    const listed = await h.must('listListeners', {});
    assert.equal(listed.length, 1, 'the valid port 0 entry was not added either');
    assert.deepEqual(listed[0]?.behaviour, { kind: 'capture' });
  });

  it('more ports than a workspace holds: the export keeps the oldest, and imports', async () => {
    const h = engine();
    const many = (host: '127.0.0.1' | '::1') => ({
      kind: 'porthole-workspace',
      version: 1,
      ports: Array.from({ length: MAX_WORKSPACE_PORTS }, () => ({ host, port: 0 })),
    });
    // Port 0 never names an existing port, so both imports add all of theirs.
    await h.must('importWorkspace', { workspace: many('127.0.0.1') });
    await h.must('importWorkspace', { workspace: many('::1') });
    assert.equal((await h.must('listListeners', {})).length, 2 * MAX_WORKSPACE_PORTS);
    const exported = await h.must('exportWorkspace', {});
    assert.equal(exported.ports.length, MAX_WORKSPACE_PORTS);
    assert.ok(exported.ports.every((p) => p.host === '127.0.0.1'));
    const b = engine();
    assert.equal(
      (await b.must('importWorkspace', { workspace: exported })).length,
      MAX_WORKSPACE_PORTS,
    );
  });

  it('setOpenAtStart: sets the flag, every window hears of it; an unknown id is refused', async () => {
    const h = engine();
    const open = await h.open(0);
    const set = await h.must('setOpenAtStart', { id: open.id, openAtStart: true });
    assert.equal(set.openAtStart, true);
    await h.waitForBatch((b) => b.listeners.some((l) => l.id === open.id && l.openAtStart));
    const workspace: Workspace = await h.must('exportWorkspace', {});
    assert.equal(workspace.ports[0]?.openAtStart, true);
    const unset = await h.must('setOpenAtStart', { id: open.id, openAtStart: false });
    assert.equal(unset.openAtStart, false);

    const missing = await h.call('setOpenAtStart', { id: 'l999', openAtStart: true });
    assert.ok(!missing.ok);
    assert.equal(missing.error.code, 'LISTENER_NOT_FOUND');
  });
});
