// The texts of a port's one-line summary, kept apart from the component so they can be tested.
import type { FaultConfig } from '../../../../../shared/behaviours';
import type { ListenerInfo } from '../../../../../shared/model';
import { formatCount } from '../../../../../shared/format-bytes';

export function faultsText(f: FaultConfig): string {
  const parts: string[] = [];
  if (f.delayMs > 0) parts.push(`delay ${formatCount(f.delayMs)} ms`);
  if (f.bytesPerSecond !== null) parts.push(`throttle ${formatCount(f.bytesPerSecond)} B/s`);
  if (f.splitBytes !== null) parts.push(`split into ${formatCount(f.splitBytes)} B`);
  if (f.resetAfterBytes === 0) parts.push('reset on connect');
  else if (f.resetAfterBytes !== null) {
    parts.push(`reset after ${formatCount(f.resetAfterBytes)} B both ways`);
  }
  return parts.join(', ');
}

/** "127.0.0.1 + ::1" for localhost; nothing when the host already says it all. */
export function boundText(listener: ListenerInfo): string | null {
  if (listener.addresses.length === 0) return null;
  const only = listener.addresses[0];
  if (listener.addresses.length === 1 && only?.address === listener.host) return null;
  return listener.addresses.map((a) => a.address).join(' + ');
}
