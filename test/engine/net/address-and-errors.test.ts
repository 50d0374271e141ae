// Small pure helpers: address normalisation and the bind errno mapping.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseAddress } from '../../../engine/net/normalise-address';
import { bindError } from '../../../engine/net/bind-error';

describe('normaliseAddress', () => {
  it('shows IPv4-mapped IPv6 addresses as the IPv4 the client used', () => {
    assert.deepEqual(normaliseAddress('::ffff:127.0.0.1', 'IPv6'), {
      address: '127.0.0.1',
      family: 'IPv4',
    });
    assert.deepEqual(normaliseAddress('::FFFF:10.1.2.3', 'IPv6'), {
      address: '10.1.2.3',
      family: 'IPv4',
    });
  });

  it('keeps real IPv6 and IPv4 addresses', () => {
    assert.deepEqual(normaliseAddress('::1', 'IPv4'), { address: '::1', family: 'IPv6' });
    assert.deepEqual(normaliseAddress('127.0.0.1', 'IPv6'), {
      address: '127.0.0.1',
      family: 'IPv4',
    });
  });

  it('falls back to the listener family when the socket has no address any more', () => {
    assert.deepEqual(normaliseAddress(undefined, 'IPv6'), { address: '', family: 'IPv6' });
  });
});

describe('bindError', () => {
  const target = { host: '::1', port: 8080 };
  const errno = (code: string): Error => Object.assign(new Error(`listen ${code}`), { code });

  it('maps each errno to its code with the address in the message', () => {
    const cases: [string, string][] = [
      ['EADDRINUSE', 'PORT_IN_USE'],
      ['EACCES', 'PORT_PRIVILEGED'],
      ['EPERM', 'PORT_PRIVILEGED'],
      ['EADDRNOTAVAIL', 'ADDRESS_UNAVAILABLE'],
      ['EAFNOSUPPORT', 'ADDRESS_UNAVAILABLE'],
    ];
    for (const [code, expected] of cases)
      assert.equal(bindError(errno(code), target).code, expected);
    assert.match(bindError(errno('EADDRINUSE'), target).message, /\[::1\]:8080/);
  });

  it('keeps the raw detail of anything unknown as INTERNAL', () => {
    const info = bindError(errno('EMFILE'), target);
    assert.equal(info.code, 'INTERNAL');
    assert.match(info.message, /EMFILE/);
    assert.equal(bindError('weird', target).code, 'INTERNAL');
  });
});
