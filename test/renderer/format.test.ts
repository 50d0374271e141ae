// Display helpers: byte sizes, counts, durations, addresses, and the capture-limit fields.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '../../shared/model';
import {
  formatMiB,
  limitsPatch,
  limitText,
  parseCount,
  parseMiB,
} from '../../renderer/src/features/limits/limit-values';
import { formatHostPort } from '../../renderer/src/lib/format-address';
import { formatBytes, formatCount, plural } from '../../shared/format-bytes';
import { formatDuration } from '../../renderer/src/lib/format-time';
import { lowerBound, upperBound } from '../../renderer/src/lib/search';

describe('format helpers', () => {
  it('formats byte sizes in binary units', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1024), '1.0 KiB');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(100 * 1024), '100 KiB');
    assert.equal(formatBytes(64 * 1024 * 1024), '64.0 MiB');
    assert.equal(formatBytes(1024 ** 3), '1.0 GiB');
    assert.equal(formatBytes(Number.NaN), '0 B');
  });

  it('formats counts with separators and plurals', () => {
    assert.equal(formatCount(1234567), '1,234,567');
    assert.equal(plural(1, 'connection', 'connections'), '1 connection');
    assert.equal(plural(2000, 'connection', 'connections'), '2,000 connections');
  });

  it('formats durations finished and live', () => {
    assert.equal(formatDuration(999.6), '1000 ms');
    assert.equal(formatDuration(12), '12 ms');
    assert.equal(formatDuration(1500), '1.5 s');
    assert.equal(formatDuration(1500, true), '1 s');
    assert.equal(formatDuration(400, true), '0 s');
    assert.equal(formatDuration(61_000), '1 m 01 s');
    assert.equal(formatDuration(3_661_000), '1 h 01 m');
    assert.equal(formatDuration(-5), '0 ms');
  });

  it('brackets IPv6 hosts', () => {
    assert.equal(formatHostPort('::1', 8080), '[::1]:8080');
    assert.equal(formatHostPort('127.0.0.1', 80), '127.0.0.1:80');
    assert.equal(formatHostPort('::', null), '[::]');
  });

  it('binary-searches ascending arrays', () => {
    const a = [1, 3, 3, 7];
    assert.equal(lowerBound(a, 3), 1);
    assert.equal(upperBound(a, 3), 3);
    assert.equal(lowerBound(a, 8), 4);
    assert.equal(upperBound(a, 0), 0);
  });
});

describe('capture limit fields', () => {
  it('shows byte caps in MiB and reads them back exactly', () => {
    assert.equal(formatMiB(64 * 1024 * 1024), '64');
    assert.equal(formatMiB(1536 * 1024), '1.5');
    assert.deepEqual(parseMiB('64'), { ok: true, value: 64 * 1024 * 1024 });
    assert.deepEqual(parseMiB(' 0.5 '), { ok: true, value: 512 * 1024 });
    assert.deepEqual(parseMiB('1,024'), { ok: true, value: 1024 ** 3 });
    assert.deepEqual(parseMiB(formatMiB(100)), { ok: true, value: 100 });
  });

  it('rejects sizes that are not positive numbers', () => {
    for (const bad of ['', '0', '-1', 'abc', '1e3', '0x10', '1.2.3', '0.0000001']) {
      const parsed = parseMiB(bad);
      assert.equal(parsed.ok, false, bad);
      if (!parsed.ok)
        assert.equal(parsed.message, 'Enter a size in MiB greater than 0, e.g. 64 or 0.5.');
    }
    assert.equal(parseMiB('99999999999').ok, false);
  });

  it('takes history as a whole number of connections', () => {
    assert.deepEqual(parseCount('200,000'), { ok: true, value: 200_000 });
    assert.equal(parseCount('1.5').ok, false);
    assert.equal(parseCount('0').ok, false);
    assert.equal(parseCount('').ok, false);
  });

  it('sends only edited fields that changed, and names every invalid one', () => {
    assert.equal(limitText('totalBytes', {}, DEFAULT_LIMITS), '1024');
    assert.equal(limitText('maxConnections', {}, DEFAULT_LIMITS), '200000');
    assert.equal(limitText('totalBytes', {}, null), '');
    assert.deepEqual(
      limitsPatch({ totalBytes: '2048', perConnectionBytes: '64' }, DEFAULT_LIMITS),
      {
        ok: true,
        patch: { totalBytes: 2048 * 1024 * 1024 },
      },
    );
    assert.deepEqual(limitsPatch({}, DEFAULT_LIMITS), { ok: true, patch: {} });
    assert.deepEqual(
      limitsPatch({ perConnectionBytes: '0', maxConnections: 'lots' }, DEFAULT_LIMITS),
      {
        ok: false,
        errors: {
          perConnectionBytes: 'Enter a size in MiB greater than 0, e.g. 64 or 0.5.',
          maxConnections: 'Enter a whole number of connections, 1 or more.',
        },
      },
    );
    assert.equal(
      limitsPatch({ maxConnections: '10' }, null).ok,
      false,
      'unknown limits: all needed',
    );
  });
});
