// User commands. Each goes through the bridge and reports failure where the user is looking:
// listener errors inside that port's item, the rest as toasts. Successful results are queued
// like batches so they are applied in order with them.
import type { ErrorInfo, Result } from '../../../shared/errors';
import type { CaptureLimits, ListenerInfo, ListenHost } from '../../../shared/model';
import { getBridge } from '../bridge/get-bridge';
import { frameQueue } from './queue';
import { useStore } from './store';

function toast(title: string, error: ErrorInfo): void {
  if (error.code !== 'TRANSPORT_CLOSED') useStore.getState().pushToast(title, error);
}

export async function openPort(host: ListenHost, port: number): Promise<Result<ListenerInfo>> {
  const result = await getBridge().openListener({ host, port });
  if (result.ok) frameQueue.push({ kind: 'listener', listener: result.value });
  return result;
}

export async function toggleListener(listener: ListenerInfo): Promise<void> {
  const { setListenerError } = useStore.getState();
  setListenerError(listener.id, null);
  const api = getBridge();
  const result =
    listener.state === 'open'
      ? await api.closeListener({ id: listener.id })
      : await api.reopenListener({ id: listener.id });
  if (result.ok) frameQueue.push({ kind: 'listener', listener: result.value });
  else setListenerError(listener.id, result.error);
}

export async function removeListener(id: string): Promise<void> {
  const result = await getBridge().removeListener({ id });
  if (result.ok) frameQueue.push({ kind: 'listener-removed', id });
  else useStore.getState().setListenerError(id, result.error);
}

export async function closeConnection(id: number): Promise<void> {
  const result = await getBridge().closeConnection({ id });
  if (result.ok) frameQueue.push({ kind: 'connections', connections: [result.value] });
  else toast(`Could not close connection #${id}`, result.error);
}

export async function clearHistory(): Promise<void> {
  const result = await getBridge().clearHistory({});
  if (!result.ok) toast('Could not clear the history', result.error);
}

export async function suggestPort(): Promise<number | null> {
  const result = await getBridge().suggestPort({});
  if (result.ok) return result.value.port;
  toast('Could not find a free port', result.error);
  return null;
}

/** Change the capture caps; the form shows any error itself, so no toast. */
export async function applyLimits(limits: Partial<CaptureLimits>): Promise<Result<CaptureLimits>> {
  const result = await getBridge().setLimits(limits);
  if (result.ok) {
    frameQueue.push({ kind: 'limits', limits: result.value });
    // Applied now, in order with what was queued before, so the form that clears its edits
    // on success shows the new values in the same render rather than the old ones for a frame.
    frameQueue.flush();
  }
  return result;
}
