// Small pure helpers: address normalisation and the bind errno mapping.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseAddress } from '../../../engine/net/normalise-address';
import { bindError } from '../../../engine/net/bind-error';
import { openFilesLimit } from '../../../engine/net/open-files-limit';
import { socketError } from '../../../engine/net/socket-error';

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

  it('names what the OS said for any other errno, and keeps INTERNAL for errors without one', () => {
    const other = bindError(errno('ENOBUFS'), target);
    assert.equal(other.code, 'SOCKET_ERROR');
    assert.match(
      other.message,
      /^Port \[::1\]:8080 hit a network error: ENOBUFS, no buffer space available\.$/,
    );
    assert.doesNotMatch(other.hint, /report this/);
    const files = bindError(errno('EMFILE'), target);
    assert.equal(files.code, 'TOO_MANY_OPEN_FILES');
    assert.match(files.message, /EMFILE/);
    assert.match(files.hint, /ulimit -n/);
    const bug = bindError(new TypeError('x is undefined'), target);
    assert.equal(bug.code, 'INTERNAL');
    assert.match(bug.message, /x is undefined/);
    assert.equal(bindError('weird', target).code, 'INTERNAL');
  });
});

describe('socketError', () => {
  const errno = (code: string): Error => Object.assign(new Error(`read ${code}`), { code });

  it('gives OS failures codes of their own, with the errno and what it means', () => {
    const timeout = socketError(errno('ETIMEDOUT'), 'connection #12');
    assert.equal(timeout.code, 'SOCKET_TIMEOUT');
    assert.match(
      timeout.message,
      /^Connection #12 timed out: the other side stopped answering \(ETIMEDOUT\)\.$/,
    );
    const unreachable = socketError(errno('EHOSTUNREACH'), 'connection #3');
    assert.equal(unreachable.code, 'SOCKET_ERROR');
    assert.match(unreachable.message, /EHOSTUNREACH, host is unreachable/);
    for (const code of ['EMFILE', 'ENFILE']) {
      const out = socketError(errno(code), 'TCP port localhost:8080');
      assert.equal(out.code, 'TOO_MANY_OPEN_FILES');
      assert.match(out.message, /TCP port localhost:8080 cannot take new connections/);
    }
  });

  it('keeps INTERNAL for errors that carry no errno: those come from Porthole itself', () => {
    const bug = socketError(new RangeError('offset out of range'), 'connection #1');
    assert.equal(bug.code, 'INTERNAL');
    assert.match(bug.message, /connection #1: offset out of range/);
    assert.match(bug.hint, /report this/);
  });

  it('names the limit when Linux says what it is', { skip: process.platform !== 'linux' }, () => {
    const limit = openFilesLimit();
    assert.ok(limit !== null && limit > 0, 'the soft limit from /proc/self/limits');
    const out = socketError(errno('EMFILE'), 'TCP port localhost:8080');
    assert.match(out.message, new RegExp(`limit is ${limit.toLocaleString('en')} open files`));
  });
});
