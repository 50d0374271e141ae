// What the command palette offers: commands that can run now (never itself, nor keys a single
// widget answers), then the ports, open ones first.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NO_FAULTS } from '../../shared/behaviours';
import type { ListenerInfo } from '../../shared/model';
import { commandItems, portItems } from '../../renderer/src/features/shortcuts/palette-items';

function listener(id: string, port: number, state: ListenerInfo['state']): ListenerInfo {
  return {
    id,
    protocol: 'tcp',
    host: '127.0.0.1',
    requestedPort: port,
    port,
    state,
    behaviour: { kind: 'capture' },
    faults: NO_FAULTS,
    openAtStart: false,
    exposed: false,
    addresses: [],
    error: null,
    notice: null,
    openedAt: null,
    closedAt: null,
    connectionsTotal: 0,
    connectionsOpen: 0,
    osDrops: null,
    bytesIn: 0,
    bytesOut: 0,
  };
}

describe('palette items', () => {
  test('commands that can run now, without the palette itself or widget-only keys', () => {
    const ids = commandItems((id) => id !== 'find').map((i) => (i.kind === 'command' ? i.id : ''));
    assert.ok(ids.includes('open-port'));
    assert.ok(!ids.includes('find'), 'not available now');
    assert.ok(!ids.includes('command-palette'));
    assert.ok(!ids.includes('open-payload'), 'Enter belongs to the list');
  });

  test('ports, open first, each found by its number', () => {
    const closed = listener('a', 7001, 'closed');
    const open = listener('b', 7002, 'open');
    const items = portItems({ a: closed, b: open }, ['a', 'b']);
    assert.deepEqual(
      items.map((i) => i.label),
      ['Port 127.0.0.1:7002', 'Port 127.0.0.1:7001'],
    );
    assert.match(items[0]?.keywords ?? '', /7002/);
    assert.equal(items[1]?.detail, 'TCP · closed');
  });
});
