// The machine view's list: filters (a port alone is a port, text matches process and address,
// exposure and protocol), stable sorts that never reorder rows a refresh did not change, and
// where "Put Porthole in front" forwards to.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exposureOf, type MachineListener } from '../../shared/machine';
import {
  machineRows,
  NO_MACHINE_FILTER,
  type MachineFilter,
} from '../../renderer/src/features/machine/machine-rows';
import { relayTarget } from '../../renderer/src/features/machine/put-in-front';

function listener(
  address: string,
  port: number,
  name: string | null,
  protocol: 'tcp' | 'udp' = 'tcp',
  connectionCount = 0,
): MachineListener {
  const ip = address.replace(/^\[|\]$/g, '');
  return {
    key: `${protocol}|${address}|${port}|${name ?? 'hidden'}`,
    protocol,
    address: `${address}:${port}`,
    ip,
    port,
    family: ip.includes(':') ? 'IPv6' : 'IPv4',
    exposure: exposureOf(ip),
    process:
      name === null
        ? { kind: 'unknown', reason: 'hidden', user: 'bob' }
        : { kind: 'process', pid: 100 + port, name, commandLine: `${name} --serve`, user: 'alice' },
    porthole: false,
    portholeListenerId: null,
    connections: [],
    connectionCount,
  };
}

const all = [
  listener('0.0.0.0', 5432, null),
  listener('127.0.0.1', 8080, 'node', 'tcp', 3),
  listener('[::1]', 80, 'nginx'),
  listener('192.168.1.20', 1900, 'minissdpd', 'udp'),
  listener('[::]', 8080, 'node', 'tcp', 1),
];
const addresses = (
  filter: Partial<MachineFilter>,
  sort: Parameters<typeof machineRows>[2] = 'port',
) => machineRows(all, { ...NO_MACHINE_FILTER, ...filter }, sort).map((l) => l.address);

test('exposure is read from the bound address', () => {
  assert.deepEqual(
    [
      '127.0.0.1',
      '127.5.5.5',
      '::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
      '::',
      '192.168.1.20',
      'fe80::1',
    ].map(exposureOf),
    [
      'loopback',
      'loopback',
      'loopback',
      'loopback',
      'all-interfaces',
      'all-interfaces',
      'interface',
      'interface',
    ],
  );
});

test('a number alone is a port; other text matches the process and the address', () => {
  assert.deepEqual(addresses({ text: '80' }), ['[::1]:80']);
  assert.deepEqual(addresses({ text: '8080' }), ['127.0.0.1:8080', '[::]:8080']);
  assert.deepEqual(addresses({ text: 'NGINX' }), ['[::1]:80']);
  assert.deepEqual(addresses({ text: 'bob' }), ['0.0.0.0:5432'], 'a hidden process by its user');
  assert.deepEqual(addresses({ text: '192.168' }), ['192.168.1.20:1900']);
});

test('exposure and protocol filters', () => {
  assert.deepEqual(addresses({ exposure: 'exposed' }), [
    '192.168.1.20:1900',
    '0.0.0.0:5432',
    '[::]:8080',
  ]);
  assert.deepEqual(addresses({ exposure: 'loopback' }), ['[::1]:80', '127.0.0.1:8080']);
  assert.deepEqual(addresses({ protocol: 'udp' }), ['192.168.1.20:1900']);
});

test('sorts put the widest exposure or the most connections first, ties by port then key', () => {
  assert.deepEqual(addresses({}, 'exposure'), [
    '0.0.0.0:5432',
    '[::]:8080',
    '192.168.1.20:1900',
    '[::1]:80',
    '127.0.0.1:8080',
  ]);
  assert.deepEqual(addresses({}, 'connections').slice(0, 2), ['127.0.0.1:8080', '[::]:8080']);
  // A refresh that returns the same listeners in another order shows them in the same order.
  const again = machineRows([...all].reverse(), NO_MACHINE_FILTER, 'process').map((l) => l.key);
  assert.deepEqual(
    again,
    machineRows(all, NO_MACHINE_FILTER, 'process').map((l) => l.key),
  );
});

test('the relay forwards to the service’s address, a wildcard over loopback', () => {
  const [wild, , v6, lan, wild6] = all;
  assert.ok(wild && v6 && lan && wild6);
  assert.equal(relayTarget(wild), '127.0.0.1');
  assert.equal(relayTarget(wild6), '::1');
  assert.equal(relayTarget(v6), '::1');
  assert.equal(relayTarget(lan), '192.168.1.20');
});
