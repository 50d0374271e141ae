// The replay dialog's choices turned into a replayConnection request, and the words it shows.
// Pure, so the rules (which targets exist, what a port number must be) are tested without a page.

import type { ConnectionInfo, ListenerInfo, ListenHost } from '../../../../shared/model';
import type { PayloadSpec } from '../../../../shared/payload-spec';
import type { ReplayPacing, ReplayRequest, ReplaySpeed } from '../../../../shared/replay';

export type TargetChoice = 'same-port' | 'porthole-port' | 'address';

export interface ReplayChoices {
  readonly target: TargetChoice;
  /** The Porthole port chosen (a listener id), for 'porthole-port'. */
  readonly listenerId: string | null;
  readonly host: string;
  readonly port: string;
  readonly pacing: ReplayPacing;
  readonly speed: ReplaySpeed;
  /** The edited writes, or null to send what was recorded. */
  readonly writes: readonly PayloadSpec[] | null;
  readonly allowRemote: boolean;
}

/** Where to connect to reach a listener bound to `host` from this machine. */
function reachableAddress(host: ListenHost): string {
  if (host === 'localhost' || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

/** Porthole's open ports a replay of `c` can go to: same protocol, open. */
export function replayablePorts(
  c: ConnectionInfo,
  listeners: readonly ListenerInfo[],
): ListenerInfo[] {
  return listeners.filter(
    (l) => l.protocol === c.protocol && l.state === 'open' && l.port !== null,
  );
}

export type RequestOrProblem =
  | { readonly ok: true; readonly request: ReplayRequest }
  | { readonly ok: false; readonly problem: string };

export function replayRequest(
  c: ConnectionInfo,
  choices: ReplayChoices,
  listeners: readonly ListenerInfo[],
): RequestOrProblem {
  let target: ReplayRequest['target'] = { kind: 'same-port' };
  if (choices.target === 'porthole-port') {
    const listener = listeners.find((l) => l.id === choices.listenerId);
    if (listener?.port === null || listener?.port === undefined) {
      return { ok: false, problem: 'Choose one of Porthole’s open ports.' };
    }
    target = { kind: 'address', host: reachableAddress(listener.host), port: listener.port };
  } else if (choices.target === 'address') {
    const host = choices.host.trim();
    if (host === '') return { ok: false, problem: 'Type the host to send to, e.g. 127.0.0.1.' };
    const port = Number(choices.port);
    if (!/^\d+$/.test(choices.port.trim()) || port < 1 || port > 65535) {
      return { ok: false, problem: 'The port is a whole number from 1 to 65535.' };
    }
    target = { kind: 'address', host, port };
  }
  return {
    ok: true,
    request: {
      connectionId: c.id,
      target,
      pacing: choices.pacing,
      speed: choices.speed,
      allowRemote: choices.allowRemote,
      ...(choices.writes === null ? {} : { writes: [...choices.writes] }),
    },
  };
}

/** "12 writes, 3.4 kB": what a replay of `c` sends as recorded. */
export function recordedSummary(c: ConnectionInfo): { writes: number; bytes: number } {
  return { writes: c.in.chunks, bytes: c.in.captured };
}
