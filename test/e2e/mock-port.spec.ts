// A recording as a fake service, from the UI: record a client talking to a real line service
// through a relay, stop the service, open a port that answers like that connection, and a new
// client gets the recorded answers; one that sends something else is marked where it differs.
import { test, expect } from '@playwright/test';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { startPortholeServer, type RunningServer } from './support/porthole-server';
import {
  editBehaviour,
  openSuggestedPort,
  relayFromUi,
  selectConnection,
} from './support/ports-ui';
import { listenOnLoopback, openClient } from './support/tcp-client';
import { readUntil } from '../support/read-until';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startPortholeServer();
});

test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

test('a port answers like a recorded connection with the real service stopped', async ({
  page,
}) => {
  const service = createServer((socket) => {
    socket.write('READY\r\n');
    socket.on('data', (data) => socket.write(`GOT ${data.toString('latin1').trim()}\r\n`));
    socket.on('end', () => socket.end());
  });
  const servicePort = await listenOnLoopback(service);

  await page.goto(await server.link());
  const port = await openSuggestedPort(page);
  await relayFromUi(page, port, servicePort);
  const client = await openClient(port);
  const clientPort = client.localPort ?? 0;
  await readUntil(client, 'READY\r\n');
  client.write('ping\n');
  await readUntil(client, 'GOT ping\r\n');
  client.end();
  await once(client, 'close');
  service.close();
  const recorded = await selectConnection(page, clientPort);
  await expect(recorded).toContainText('client closed');
  const recordedId = (await recorded.getByRole('gridcell').first().textContent())?.trim() ?? '';

  // A second port that answers like the recording: its editor offers the selected connection.
  const mockPort = await openSuggestedPort(page);
  const editor = await editBehaviour(page, mockPort);
  await editor
    .getByRole('combobox', { name: `Behaviour of port ${mockPort}` })
    .selectOption({ label: 'Answer like a recording' });
  await editor.getByRole('button', { name: `Use #${recordedId} (selected)` }).click();
  await expect(editor.getByRole('textbox', { name: 'Recorded connection #' })).toHaveValue(
    recordedId,
  );
  await editor.getByRole('button', { name: 'Apply behaviour' }).click();
  await expect(editor.getByRole('status')).toHaveText('Applied — new connections get it');
  await expect(page.getByRole('listitem', { name: `Port localhost:${mockPort}` })).toContainText(
    `Answer like #${recordedId}`,
  );

  const same = await openClient(mockPort);
  expect(await readUntil(same, 'READY\r\n')).toBe('READY\r\n');
  same.write('ping\n');
  expect(await readUntil(same, 'GOT ping\r\n')).toBe('GOT ping\r\n');
  same.end();

  const other = await openClient(mockPort);
  const otherPort = other.localPort ?? 0;
  await readUntil(other, 'READY\r\n');
  other.write('pong\n');
  // The recorded answer, whatever was asked; the connection says where it differed.
  expect(await readUntil(other, 'GOT ping\r\n')).toBe('GOT ping\r\n');
  other.end();
  const row = await selectConnection(page, otherPort);
  await expect(row).toContainText('differs');
  const payload = page.getByRole('region', { name: 'Payload' });
  await expect(payload).toContainText('differs from the recording at client byte 1');
  if (process.env.UPDATE_SCREENSHOT === '1') {
    await editBehaviour(page, mockPort);
    await page.screenshot({ path: 'docs/mock-port.png' });
  }
});
