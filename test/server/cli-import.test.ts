// `porthole import`: argument parsing, and a run that imports a small pcap into a data folder
// and prints the new capture's id and counts (or the error, with exit code 1).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, mock } from 'node:test';
import { parseImportArgs, runImport } from '../../server/cli-import';
import { conversation } from '../support/tcp-conversation';
import { pcapFile } from '../support/pcap-builder';

let home: string;
before(() => {
  home = mkdtempSync(join(tmpdir(), 'porthole-cli-import-'));
});
after(() => rmSync(home, { recursive: true, force: true }));

describe('porthole import', () => {
  it('parses a file and --data-dir, and refuses what it does not know', () => {
    assert.deepEqual(parseImportArgs(['a.pcap', '--data-dir', '/d']), {
      kind: 'import',
      file: 'a.pcap',
      dataDir: '/d',
    });
    assert.deepEqual(parseImportArgs(['--data-dir=/d', 'a.pcap']), {
      kind: 'import',
      file: 'a.pcap',
      dataDir: '/d',
    });
    assert.equal(parseImportArgs(['-h']).kind, 'help');
    assert.equal(parseImportArgs([]).kind, 'error');
    assert.equal(parseImportArgs(['a.pcap', 'b.pcap']).kind, 'error');
    assert.equal(parseImportArgs(['a.pcap', '--bogus']).kind, 'error');
    assert.equal(parseImportArgs(['a.pcap', '--data-dir']).kind, 'error');
  });

  it('prints its usage for --help, and exits 2 on wrong arguments', async () => {
    const out: string[] = [];
    const log = mock.method(console, 'log', (line: string) => out.push(line));
    const error = mock.method(console, 'error', (line: string) => out.push(line));
    try {
      assert.equal(await runImport(parseImportArgs(['--help'])), 0);
      assert.equal(await runImport(parseImportArgs([])), 2);
    } finally {
      log.mock.restore();
      error.mock.restore();
    }
    assert.match(out.join('\n'), /porthole import FILE/);
  });

  it('imports a file and prints the capture id and counts', async () => {
    const packets = conversation({
      client: ['127.0.0.1', 40000],
      server: ['127.0.0.1', 80],
      exchanges: [{ from: 'client', data: Buffer.from('hello') }],
    });
    const file = join(home, 'trace.pcap');
    writeFileSync(
      file,
      pcapFile(
        packets.map((p) => ({ at: p.at, data: p.ip })),
        { linkType: 101 },
      ),
    );
    const lines: string[] = [];
    const log = mock.method(console, 'log', (line: string) => lines.push(line));
    try {
      const code = await runImport({ kind: 'import', file, dataDir: join(home, 'data') });
      assert.equal(code, 0);
    } finally {
      log.mock.restore();
    }
    assert.match(lines[0] ?? '', /^[0-9A-Za-z][0-9A-Za-z_-]*-import-[0-9a-f]{4}$/);
    assert.match(lines[1] ?? '', /Imported 1 connection from 8 packets/);
  });

  it('says why a file cannot be imported, with exit code 1', async () => {
    const file = join(home, 'notes.txt');
    writeFileSync(file, 'not a capture');
    const errors: string[] = [];
    const error = mock.method(console, 'error', (line: string) => errors.push(line));
    try {
      assert.equal(await runImport({ kind: 'import', file, dataDir: join(home, 'data') }), 1);
    } finally {
      error.mock.restore();
    }
    assert.match(errors.join('\n'), /notes\.txt, at byte 0/);
  });
});
