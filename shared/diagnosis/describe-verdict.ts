// A verdict in plain words, with the next step: the one wording the dialog shows and the tests
// read. It only formats the facts the verdict carries; choosing the verdict is the engine's job.

import { describeHolder } from '../errors';
import type { PortHolder } from '../model';
import type { Verdict } from './verdict';

export interface VerdictWords {
  /** How it reads at a glance: the dialog colours the verdict by it. */
  readonly tone: 'ok' | 'warning' | 'problem';
  readonly title: string;
  readonly detail: string;
  readonly next: string;
}

/** host:port with IPv6 in brackets, so the port stays readable. */
export function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'no address';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const at = (addresses: readonly string[], port: number) =>
  list(addresses.map((a) => hostPort(a, port)));

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

const heldBy = (holder: PortHolder | null) =>
  holder === null ? '' : ` It is held by ${describeHolder(holder)}.`;

const pl = (count: number, one: string, many: string) => (count === 1 ? one : many);

export function describeVerdict(v: Verdict): VerdictWords {
  switch (v.kind) {
    case 'ok':
      return {
        tone: v.untrusted === null ? 'ok' : 'warning',
        title: `Reachable: ${at(v.addresses, v.port)} ${pl(v.addresses.length, 'answers', 'answer')}${
          v.status === null ? '' : ` (HTTP ${v.status})`
        }.`,
        detail:
          (v.holder === null ? '' : `Listening: ${describeHolder(v.holder)}.`) +
          (v.untrusted === null
            ? ''
            : ` Its TLS certificate is not trusted here (${v.untrusted}): clients that verify certificates refuse it.`),
        next:
          v.untrusted === null
            ? 'Nothing to fix on this side. If your client still fails, check the host and port it really uses.'
            : 'Make the client trust this certificate (or use one from a trusted authority) if it verifies certificates.',
      };
    case 'name-not-resolved':
      return {
        tone: 'problem',
        title: `${v.host} does not resolve to any address${v.code === null ? '' : ` (${v.code})`}.`,
        detail: 'The name lookup found nothing, so nothing was tried.',
        next: 'Check the spelling, or use an IP address such as 127.0.0.1 or [::1].',
      };
    case 'nothing-listening':
      return {
        tone: 'problem',
        title: `Nothing is listening on port ${v.port}: ${at(v.addresses, v.port)} refused the connection.`,
        detail: 'No program on this machine listens on that port, on any address.',
        next: 'Start the service, or check which port it is configured to use.',
      };
    case 'other-family-only': {
      const other = v.triedFamily === 'IPv4' ? 'IPv6' : 'IPv4';
      const loopback = v.triedFamily === 'IPv4' ? '::1' : '127.0.0.1';
      return {
        tone: 'problem',
        title: `The server listens on ${other} only (${list(v.listeningOn)}); ${at(v.addresses, v.port)} (${v.triedFamily}) refused.`,
        detail: `Client and server picked different loopback families: the "localhost" trap.${heldBy(v.holder)}`,
        next: `Either bind the server to both families (to localhost on 127.0.0.1 and ::1, or to :: with IPv4 mapped), or point the client at ${hostPort(loopback, v.port)} or a name that resolves to ${loopback}.`,
      };
    }
    case 'other-address-only':
      return {
        tone: 'problem',
        title: `The server listens on ${list(v.listeningOn)} only, not on ${at(v.addresses, v.port)}.`,
        detail: `It is bound to another address or interface, so connections to this one are refused.${heldBy(v.holder)}`,
        next: `Point the client at ${v.listeningOn[0] ?? 'the address it listens on'}, or bind the server to ${v.addresses[0] ?? 'this address'} too.`,
      };
    case 'partial':
      return {
        tone: 'warning',
        title: `${v.host} gives ${v.working.length + v.failing.length} addresses and only ${at(v.working, v.port)} ${pl(v.working.length, 'works', 'work')}.`,
        detail: v.failingFirst
          ? `It lists ${at(v.failing.slice(0, 1), v.port)} first, so clients that try the addresses in order fail there first: they are slowed down, or fail outright if they do not fall back.`
          : `${at(v.failing, v.port)} ${pl(v.failing.length, 'fails', 'fail')}: clients that prefer ${pl(v.failing.length, 'it', 'them')} (some prefer IPv6, some IPv4) fail or are slowed down.`,
        next: `Bind the server to every address ${v.host} gives (both 127.0.0.1 and ::1 for localhost), or point clients at ${at(v.working.slice(0, 1), v.port)}.`,
      };
    case 'unexpected-process':
      return {
        tone: 'problem',
        title: `${hostPort(v.address, v.port)} is held by ${describeHolder(v.holder)}, not by ${v.expected}.`,
        detail: v.holder.commandLine === null ? '' : `Its command line: ${v.holder.commandLine}`,
        next: `Stop that program or move it to another port, then start ${v.expected}; or point the client at the port ${v.expected} really uses.`,
      };
    case 'tls-to-plain':
      return {
        tone: 'problem',
        title: `${hostPort(v.address, v.port)} does not speak TLS: the handshake was answered in plain ${v.peer === 'http' ? 'HTTP' : 'text'}.`,
        detail: `It answered: ${v.preview}`,
        next: 'Connect without TLS (http:// instead of https://), or turn TLS on in the server.',
      };
    case 'plain-to-tls':
      return {
        tone: 'problem',
        title: `${hostPort(v.address, v.port)} speaks TLS: the plain-text request was answered with a TLS record.`,
        detail: `The client must start with a TLS handshake here.${heldBy(v.holder)}`,
        next: 'Use https:// (or turn TLS on in the client) for this port.',
      };
    case 'tls-failed':
      return {
        tone: 'problem',
        title: `The TLS handshake with ${hostPort(v.address, v.port)} failed${v.code === null ? '' : ` (${v.code})`}.`,
        detail:
          'The server speaks TLS but refused this handshake: no common protocol version or cipher, or it wants a client certificate.',
        next: "Check the server's TLS settings (versions, ciphers, client certificates) and its log.",
      };
    case 'closed-without-answer':
      return v.step === 'http'
        ? {
            tone: 'problem',
            title: `${hostPort(v.address, v.port)} ${v.reset ? 'reset' : 'closed'} the connection without answering the request.`,
            detail:
              'Node and OpenSSL TLS servers do exactly this to a plain-text request; so do servers of another protocol and servers that reject this client.',
            next: "If it serves HTTPS, use https:// (or tick TLS). Otherwise look in the server's log for why it hung up.",
          }
        : {
            tone: 'problem',
            title: `${hostPort(v.address, v.port)} ${v.reset ? 'reset' : 'closed'} the connection during the TLS handshake without a word.`,
            detail: 'It may not speak TLS, or it refuses this client.',
            next: "Try without TLS, and look in the server's log for why it hung up.",
          };
    case 'not-http':
      return {
        tone: 'problem',
        title: `${hostPort(v.address, v.port)} does not speak HTTP: its answer did not begin with "HTTP/1.".`,
        detail: `It answered: ${v.preview}`,
        next: 'This port serves another protocol: point the HTTP client at the port that serves HTTP.',
      };
    case 'http-server-error':
      return {
        tone: 'problem',
        title: `The server answered ${v.statusLine}: a server error.`,
        detail: `${hostPort(v.address, v.port)} is reachable and speaks HTTP, but failed on this request.${heldBy(v.holder)}`,
        next: "Look in the service's log for this request: the fault is in the service, not the connection.",
      };
    case 'http-client-error':
      return {
        tone: 'warning',
        title: `The server answered ${v.statusLine}: a client error.`,
        detail: `${hostPort(v.address, v.port)} is reachable and speaks HTTP, but refused this request.${heldBy(v.holder)}`,
        next:
          v.status === 404
            ? 'Check the path: the server has nothing there.'
            : v.status === 401 || v.status === 403
              ? 'The request needs credentials, or they are not allowed here.'
              : 'Check the request the client makes: path, method and headers.',
      };
    case 'connect-timeout':
      return {
        tone: 'problem',
        title: `No answer from ${at(v.addresses, v.port)} within ${seconds(v.timeoutMs)}: the connect timed out.`,
        detail:
          'Nothing accepted or refused the connection: something drops the packets (a firewall), or the server has stopped accepting.',
        next: 'Check firewall rules for this port, and that the server is not stalled.',
      };
    case 'response-timeout':
      return {
        tone: 'problem',
        title: `${hostPort(v.address, v.port)} accepted the connection but did not answer the ${
          v.step === 'tls' ? 'TLS handshake' : 'request'
        } within ${seconds(v.timeoutMs)}.`,
        detail:
          v.step === 'tls'
            ? 'A plain-text server waits for more bytes after a handshake it does not understand.'
            : 'The server accepts connections but does not serve them: it is stalled, busy, or waits for something else first.',
        next:
          v.step === 'tls'
            ? 'Try without TLS. If the server should speak TLS, look in its log.'
            : 'Look at the server: its log, its load, whether it is stuck. If it is just slow, try again.',
      };
    case 'connect-failed':
      return {
        tone: 'problem',
        title: `Connecting to ${at(v.addresses, v.port)} failed${v.code === null ? '' : ` (${v.code})`}.`,
        detail: `The system refused to make the connection at all.${heldBy(v.holder)}`,
        next: 'Check that the address exists on this machine (IPv6 may be off) and that the network to it is up.',
      };
    case 'out-of-time':
      return {
        tone: 'warning',
        title: `The diagnosis ran out of its ${seconds(v.totalMs)} before it could try ${at(v.addresses, v.port)}.`,
        detail: 'The name lookup or the listener lookup took the time.',
        next: 'Run it again; if it keeps happening, use an IP address instead of a name.',
      };
  }
}
