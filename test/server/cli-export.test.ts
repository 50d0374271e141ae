// `porthole export`: strict argument parsing (bad arguments are exit 2 with one clear line), and
// an export of a real recorded capture from a data folder, as "latest" in pcapng and in HAR
// (exit 0), or of one that is not there (exit 1).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseExportArgs, runExport, type ExportCommand } from '../../server/cli-export';
import { collect, connectClient, startEngine } from '../support/engine-harness';
import { harErrors } from '../support/har-schema';

function exportOf(command: ExportCommand) {
  assert.equal(command.kind, 'export', command.kind === 'error' ? command.message : '');
  return command as Extract<ExportCommand, { kind: 'export' }>;
}

describe('porthole export arguments', () => {
  it('reads the capture, format, output, data folder and connections', () => {
    assert.deepEqual(
      parseExportArgs([
        'latest',
        '--format',
        'pcapng',
        '-o',
        'out.pcapng',
        '--data-dir=/d',
        '--connections',
        '5,1-3,2',
      ]),
      {
        kind: 'export',
        capture: 'latest',
        format: 'pcapng',
        output: 'out.pcapng',
        dataDir: '/d',
        connectionIds: [1, 2, 3, 5],
        direction: null,
      },
    );
    const raw = exportOf(
      parseExportArgs([
        'latest',
        '-o',
        'x',
        '--format=raw',
        '--connections=4',
        '--direction',
        'out',
      ]),
    );
    assert.equal(raw.format, 'raw');
    assert.deepEqual(raw.connectionIds, [4]);
    assert.equal(raw.direction, 'out');
    assert.equal(exportOf(parseExportArgs(['latest', '-o', 'x', '--format=har'])).format, 'har');
    const plain = exportOf(parseExportArgs(['20261207-x', '--output', '-']));
    assert.equal(plain.format, 'pcapng');
    assert.equal(plain.output, '-');
    assert.equal(plain.dataDir, null);
    assert.equal(plain.connectionIds, null);
    assert.deepEqual(parseExportArgs(['--help']), { kind: 'help' });
  });

  it('refuses what it does not understand, saying what is wrong', () => {
    const errors: [string[], RegExp][] = [
      [[], /Name the capture/],
      [['latest'], /-o FILE/],
      [['latest', '-o'], /-o needs a file/],
      [['latest', '-o', 'x', '--format', 'json'], /Unknown format "json": .*pcapng, har or raw/],
      [['latest', '-o', 'x', '--format', 'raw', '--connections', '1'], /one direction of one/],
      [
        ['latest', '-o', 'x', '--format', 'raw', '--connections', '1,2', '--direction', 'in'],
        /one/,
      ],
      [
        ['latest', '-o', 'x', '--format', 'raw', '--connections', '1', '--direction', 'up'],
        /in or out/,
      ],
      [['latest', '-o', 'x', '--direction', 'in'], /--direction goes with --format raw/],
      [['latest', '-o', 'x', '--connections', '0'], /not a list of connection numbers/],
      [['latest', '-o', 'x', '--connections', '3-1'], /not a list/],
      [['latest', '-o', 'x', '--connections', 'a'], /not a list/],
      [['latest', '-o', 'x', '--bogus'], /Unknown option "--bogus"/],
      [['a', 'b', '-o', 'x'], /Only one capture/],
      [['latest', '-o', 'x', '--data-dir'], /--data-dir needs a folder/],
    ];
    for (const [argv, message] of errors) {
      const parsed = parseExportArgs(argv);
      assert.equal(parsed.kind, 'error', argv.join(' '));
      assert.match(parsed.kind === 'error' ? parsed.message : '', message);
      assert.doesNotMatch(parsed.kind === 'error' ? parsed.message : '', /\n/);
    }
  });
});

describe('porthole export', () => {
  let home: string;
  let dataDir: string;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'porthole-cli-export-'));
    dataDir = join(home, 'data');
    const h = startEngine({ persist: { dataDir }, version: 'test' });
    try {
      const port = (await h.open(0, '127.0.0.1')).port ?? 0;
      const socket = await connectClient(port);
      const done = collect(socket);
      socket.end('hello');
      await done;
      // And one HTTP exchange, for the HAR export.
      const web = await h.must('openListener', {
        host: '127.0.0.1',
        port: 0,
        behaviour: { kind: 'http', body: { format: 'text', value: 'hi' } },
      });
      const client = await connectClient(web.port ?? 0);
      const answered = collect(client);
      client.end('GET /first HTTP/1.1\r\nHost: cli.test\r\nConnection: close\r\n\r\n');
      await answered;
      await h.waitFor(async () => {
        const all = (await h.must('listConnections', {})).connections;
        return all.length === 2 && all.every((c) => c.state === 'closed') ? true : undefined;
      }, 'the connections to close');
    } finally {
      await h.close();
    }
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('writes the latest capture as pcapng and exits 0', async () => {
    const output = join(home, 'latest.pcapng');
    const code = await runExport(
      exportOf(parseExportArgs(['latest', '-o', output, '--data-dir', dataDir])),
    );
    assert.equal(code, 0);
    const file = readFileSync(output);
    assert.equal(file.readUInt32LE(0), 0x0a0d0d0a, 'a pcapng section header');
    assert.ok(file.includes(Buffer.from('hello')), 'the bytes are in it');
  });

  it('writes the latest capture as HAR 1.2 with --format har and exits 0', async () => {
    const output = join(home, 'latest.har');
    const args = ['latest', '--format', 'har', '-o', output, '--data-dir', dataDir];
    assert.equal(await runExport(exportOf(parseExportArgs(args))), 0);
    const har = JSON.parse(readFileSync(output, 'utf8')) as {
      log: { creator: { name: string }; entries: { request: { url: string } }[] };
    };
    assert.deepEqual(harErrors(har), []);
    assert.equal(har.log.creator.name, 'Porthole');
    assert.deepEqual(
      har.log.entries.map((e) => e.request.url),
      ['http://cli.test/first'],
    );
  });

  it('exits 1 for a capture or connection that is not there', async () => {
    const output = join(home, 'none.pcapng');
    const missing = parseExportArgs(['no-such-capture', '-o', output, '--data-dir', dataDir]);
    assert.equal(await runExport(exportOf(missing)), 1);
    const empty = parseExportArgs(['latest', '-o', output, '--data-dir', join(home, 'empty')]);
    assert.equal(await runExport(exportOf(empty)), 1);
    const args = ['latest', '-o', output, '--data-dir', dataDir, '--connections', '99'];
    assert.equal(await runExport(exportOf(parseExportArgs(args))), 1);
  });
});
