// User commands. Each goes through the bridge and reports failure where the user is looking:
// listener errors inside that port's item, form errors in their form, the rest as toasts.
// Successful results are queued like batches so they are applied in order with them.
import type { CommandArgs } from '../../../shared/contract';
import type { BehaviourConfig, FaultConfig } from '../../../shared/behaviours';
import type { ErrorInfo, Result } from '../../../shared/errors';
import type {
  CaptureLimits,
  ConnectionInfo,
  ListenerInfo,
  ListenHost,
  Protocol,
} from '../../../shared/model';
import type { PayloadSpec } from '../../../shared/payload-spec';
import { getBridge } from '../bridge/get-bridge';
import { frameQueue } from './queue';
import { useStore } from './store';

function toast(title: string, error: ErrorInfo): void {
  if (error.code !== 'TRANSPORT_CLOSED') useStore.getState().pushToast(title, error);
}

export interface OpenPortRequest {
  readonly protocol: Protocol;
  readonly host: ListenHost;
  readonly port: number;
  readonly behaviour: BehaviourConfig;
  readonly faults: FaultConfig;
}

/** The form shows the error (or the failed listener's item does), so no toast. */
export async function openPort(request: OpenPortRequest): Promise<Result<ListenerInfo>> {
  const result = await getBridge().openListener({ ...request });
  if (result.ok) frameQueue.push({ kind: 'listener', listener: result.value });
  return result;
}

export async function toggleListener(listener: ListenerInfo): Promise<void> {
  if (listener.state !== 'open') return reopenListener(listener.id);
  const { setListenerError } = useStore.getState();
  setListenerError(listener.id, null);
  const result = await getBridge().closeListener({ id: listener.id });
  if (result.ok) frameQueue.push({ kind: 'listener', listener: result.value });
  else setListenerError(listener.id, result.error);
}

/** Open a closed or failed port again, on its old port or on `port` ("use port N instead"). */
export async function reopenListener(id: string, port?: number): Promise<void> {
  const { setListenerError } = useStore.getState();
  setListenerError(id, null);
  const args: CommandArgs<'reopenListener'> = port === undefined ? { id } : { id, port };
  const result = await getBridge().reopenListener(args);
  if (result.ok) frameQueue.push({ kind: 'listener', listener: result.value });
  else setListenerError(id, result.error);
}

export async function removeListener(id: string): Promise<void> {
  const result = await getBridge().removeListener({ id });
  if (result.ok) frameQueue.push({ kind: 'listener-removed', id });
  else useStore.getState().setListenerError(id, result.error);
}

/** Switch what an open port does; the editor shows any error itself, so no toast. */
export async function setBehaviour(
  id: string,
  behaviour: BehaviourConfig,
  faults: FaultConfig,
): Promise<Result<ListenerInfo>> {
  const result = await getBridge().setBehaviour({ id, behaviour, faults });
  if (result.ok) frameQueue.push({ kind: 'listener', listener: result.value });
  return result;
}

/** Talk back to a live client or UDP peer; the composer shows the outcome itself. */
export async function sendData(
  connectionId: number,
  data: PayloadSpec,
): Promise<Result<{ bytes: number }>> {
  return getBridge().sendData({ connectionId, data: { format: data.format, value: data.value } });
}

export async function closeConnection(
  id: number,
  mode: 'close' | 'reset' = 'close',
): Promise<Result<ConnectionInfo>> {
  const result = await getBridge().closeConnection({ id, mode });
  if (result.ok) frameQueue.push({ kind: 'connections', connections: [result.value] });
  else toast(`Could not ${mode === 'reset' ? 'reset' : 'close'} connection #${id}`, result.error);
  return result;
}

export async function clearHistory(): Promise<void> {
  const result = await getBridge().clearHistory({});
  if (!result.ok) toast('Could not clear the history', result.error);
}

/** A free port for this protocol on every address the host binds. */
export async function suggestPort(protocol: Protocol, host: ListenHost): Promise<number | null> {
  const result = await getBridge().suggestPort({ protocol, host });
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
