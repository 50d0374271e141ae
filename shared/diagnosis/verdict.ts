// The verdict of a diagnosis: one kind per cause Porthole can tell apart from measured facts,
// each carrying the facts it rests on (addresses, the program listening). The engine chooses it
// (engine/diagnose/choose-verdict.ts); describe-verdict.ts puts it into words.

import type { AddressFamily, PortHolder } from '../model';

/** Where a verdict about one reached address points: that address, the port, who holds it. */
interface At {
  readonly address: string;
  readonly port: number;
  /** The program listening there, when the OS names it. */
  readonly holder: PortHolder | null;
}

interface Tried {
  /** The addresses tried, in the order tried. */
  readonly addresses: readonly string[];
  readonly port: number;
}

export type Verdict =
  /** Every address connects and answers as asked (HTTP: 1xx–3xx). */
  | (Tried & {
      readonly kind: 'ok';
      readonly holder: PortHolder | null;
      readonly status: number | null;
      /** The TLS certificate was not trusted, and why (self-signed…); null if trusted or no TLS. */
      readonly untrusted: string | null;
    })
  | { readonly kind: 'name-not-resolved'; readonly host: string; readonly code: string | null }
  /** Refused, and nothing listens on the port on any address of this machine. */
  | (Tried & { readonly kind: 'nothing-listening' })
  /** Refused; the port is held on the other family only (the localhost → ::1 trap). */
  | (Tried & {
      readonly kind: 'other-family-only';
      readonly triedFamily: AddressFamily;
      readonly listeningOn: readonly string[];
      readonly holder: PortHolder | null;
    })
  /** Refused; the port is held on another address of the same family (127.0.0.2, a LAN IP). */
  | (Tried & {
      readonly kind: 'other-address-only';
      readonly listeningOn: readonly string[];
      readonly holder: PortHolder | null;
    })
  /** The name gives several addresses and only some of them work. */
  | {
      readonly kind: 'partial';
      readonly host: string;
      readonly port: number;
      readonly working: readonly string[];
      readonly failing: readonly string[];
      /** The name lists a failing address before the first working one. */
      readonly failingFirst: boolean;
      readonly holder: PortHolder | null;
    }
  /** The program listening is not the one the person expected. */
  | (At & {
      readonly kind: 'unexpected-process';
      readonly expected: string;
      readonly holder: PortHolder;
    })
  /** A TLS handshake was answered in plain text: the port does not speak TLS. */
  | (At & {
      readonly kind: 'tls-to-plain';
      readonly peer: 'http' | 'other';
      readonly preview: string;
    })
  /** A plain request was answered with a TLS record: the port speaks TLS. */
  | (At & { readonly kind: 'plain-to-tls' })
  /** The peer speaks TLS but the handshake failed (an alert: no shared version or cipher…). */
  | (At & { readonly kind: 'tls-failed'; readonly code: string | null })
  /** The peer closed without a byte (TLS servers do this to a plain request). */
  | (At & {
      readonly kind: 'closed-without-answer';
      readonly step: 'tls' | 'http';
      readonly reset: boolean;
    })
  /** The answer to an HTTP request did not begin with "HTTP/1.". */
  | (At & { readonly kind: 'not-http'; readonly preview: string })
  | (At & {
      readonly kind: 'http-server-error';
      readonly status: number;
      readonly statusLine: string;
    })
  | (At & {
      readonly kind: 'http-client-error';
      readonly status: number;
      readonly statusLine: string;
    })
  /** No address accepted or refused within the connect timeout. */
  | (Tried & { readonly kind: 'connect-timeout'; readonly timeoutMs: number })
  /** Connected, but no answer to the handshake or the request within its timeout. */
  | (At & {
      readonly kind: 'response-timeout';
      readonly step: 'tls' | 'http';
      readonly timeoutMs: number;
    })
  /** The connect failed otherwise (unreachable, address not available…), by OS error code. */
  | (Tried & {
      readonly kind: 'connect-failed';
      readonly code: string | null;
      readonly holder: PortHolder | null;
    })
  /** The overall time limit ran out before any address could be tried. */
  | (Tried & { readonly kind: 'out-of-time'; readonly totalMs: number });

export type VerdictKind = Verdict['kind'];
