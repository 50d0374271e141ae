// Exports and imports from the page, as a person does them in browser mode: Export… downloads
// a pcapng that tshark reads back byte for byte, raw bytes of one side come out exact, and a
// file tcpdump recorded imports (by the file picker and by drag and drop) and opens decoded.
import { test, expect, type Page } from '@playwright/test';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startRecording } from '../support/packet-recorder';
import { startPortholeServer } from './support/porthole-server';
import { openSuggestedPort, selectConnection } from './support/ports-ui';
import { listenOnLoopback, openClient, send } from './support/tcp-client';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Why tshark cannot be used here, or null. */
function tsharkMissing(): string | null {
  const probe = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
  return probe.error === undefined ? null : 'tshark is not installed (apt-get install -y tshark)';
}

/** Each direction of TCP stream `index` as tshark's "follow" reassembles it. */
function followTcp(file: string, index: number): { client: Buffer; server: Buffer } {
  const out = execFileSync('tshark', ['-r', file, '-qz', `follow,tcp,raw,${index}`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  // Lines after the "Node 1:" header: client lines start at column 0, server lines with a tab.
  const body = out.split(/^Node 1: .*$/m)[1]?.split(/^=+$/m)[0] ?? '';
  const client: Buffer[] = [];
  const server: Buffer[] = [];
  for (const line of body.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('\t')) server.push(Buffer.from(line.trim(), 'hex'));
    else client.push(Buffer.from(line.trim(), 'hex'));
  }
  return { client: Buffer.concat(client), server: Buffer.concat(server) };
}

async function exportFromUi(
  page: Page,
  format: 'pcapng' | 'HAR 1.2' | 'Raw bytes',
  scope: RegExp,
  side?: RegExp,
): Promise<string> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('radio', { name: format }).check();
  await dialog.getByRole('radio', { name: scope }).check();
  if (side !== undefined) await dialog.getByRole('radio', { name: side }).check();
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const download = await downloading;
  const path = await download.path();
  await expect(dialog).toBeHidden();
  return path;
}

test('Export… downloads a pcapng whose every stream tshark reads back byte for byte', async ({
  page,
}) => {
  const missing = tsharkMissing();
  test.skip(missing !== null, missing ?? '');
  const server = await startPortholeServer();
  try {
    await page.goto(await server.link());
    const port = await openSuggestedPort(page);
    const payloads = [Buffer.alloc(200_000, 0x61), Buffer.from('second connection\r\n')];
    for (const payload of payloads) {
      const client = await openClient(port);
      await send(client, payload);
      client.end();
      await selectConnection(page, client.localPort ?? 0);
      await expect(page.getByRole('region', { name: 'Payload' })).toContainText('closed');
    }

    const file = await exportFromUi(page, 'pcapng', /^All connections \(2\)/);
    const status = page.getByRole('status', { name: 'Exports and imports' });
    await expect(status).toContainText(/Exported porthole-.*\.pcapng/);
    for (const [index, payload] of payloads.entries()) {
      const stream = followTcp(file, index);
      expect(sha256(stream.client)).toBe(sha256(payload));
      expect(stream.server.length).toBe(0);
    }
    const info = execFileSync('capinfos', ['-c', file], { encoding: 'utf8' });
    expect(info).toMatch(/Number of packets:\s+\d+/);

    // Raw bytes of the selected connection's client side: exactly what it sent.
    const raw = await exportFromUi(page, 'Raw bytes', /^The selected connection/, /client → port/);
    expect(sha256(readFileSync(raw))).toBe(sha256(payloads[1] ?? Buffer.alloc(0)));
  } finally {
    expect(await server.stop()).toBe(0);
  }
});

test('Import… opens a file tcpdump recorded, decoded; a dropped pcapng imports too', async ({
  page,
}) => {
  const scratch = mkdtempSync(join(tmpdir(), 'porthole-e2e-import-'));
  const http = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/plain');
    res.end(`you asked for ${req.url ?? ''}`);
  });
  const httpPort = await listenOnLoopback(http);
  const file = join(scratch, 'loopback.pcap');
  const recorder = await startRecording(file, [httpPort]);
  test.skip(typeof recorder === 'string', typeof recorder === 'string' ? recorder : '');
  if (typeof recorder === 'string') return;
  const server = await startPortholeServer();
  try {
    // Two requests on one keep-alive connection, from the real curl (run without blocking:
    // the HTTP server answering it lives in this process).
    await promisify(execFile)('curl', [
      '-s',
      `http://127.0.0.1:${httpPort}/first`,
      `http://127.0.0.1:${httpPort}/second`,
    ]);
    await recorder.stop();

    await page.goto(await server.link());
    await page.getByLabel('pcap or pcapng file to import').setInputFiles(file);
    await expect(page.getByText(/Viewing/)).toContainText('loopback.pcap');
    const grid = page.getByRole('grid', { name: 'Connections' });
    const row = grid
      .getByRole('row')
      .filter({ hasText: `${httpPort}` })
      .filter({ hasText: 'TCP' });
    await row.click();
    await page.getByRole('tab', { name: 'Decoded' }).click();
    const payload = page.getByRole('region', { name: 'Payload' });
    await expect(payload).toContainText('GET /first');
    await expect(payload).toContainText('GET /second');
    await expect(payload).toContainText('you asked for /second');
    const status = page.getByRole('status', { name: 'Exports and imports' });
    await expect(status).toContainText('Imported loopback.pcap');

    // Drag and drop: the page gets the File from the drop, as from a file manager.
    const fixture = readFileSync(new URL('../fixtures/pcap/dumpcap.pcapng', import.meta.url));
    await page.evaluate(
      (bytes) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], 'dropped.pcapng'));
        for (const type of ['dragenter', 'dragover', 'drop']) {
          window.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, cancelable: true }));
        }
      },
      [...fixture],
    );
    await expect(page.getByText(/Viewing/)).toContainText('dropped.pcapng');
    await expect(grid.getByRole('row')).toHaveCount(5);
  } finally {
    http.close();
    expect(await server.stop()).toBe(0);
    rmSync(scratch, { recursive: true, force: true });
  }
});
