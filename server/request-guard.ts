// The checks every HTTP request and WebSocket upgrade passes before anything else happens.
// Pure functions over header values, so each rule is testable on its own.

import { tokensEqual } from './access-token';
import type { RefusalKind } from './refusals';

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly kind: RefusalKind };

const PASS: Verdict = { ok: true };
const refuse = (kind: RefusalKind): Verdict => ({ ok: false, kind });

/** The only names this server answers to. Anything else is DNS rebinding or a mistake. */
function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

function allowedOrigins(port: number): readonly string[] {
  return allowedHosts(port).map((host) => `http://${host}`);
}

function checkHost(host: string | undefined, port: number): Verdict {
  if (!host) return refuse('bad-host');
  return allowedHosts(port).includes(host.toLowerCase()) ? PASS : refuse('bad-host');
}

/**
 * Browsers send Origin on cross-origin and non-GET requests and always on WebSocket handshakes
 * (which are not bound by CORS), so it is required there. "null" (sandboxed frames, file://)
 * is never ours.
 */
function checkOrigin(origin: string | undefined, port: number, required: boolean): Verdict {
  if (origin === undefined) return required ? refuse('bad-origin') : PASS;
  return allowedOrigins(port).includes(origin.toLowerCase()) ? PASS : refuse('bad-origin');
}

/**
 * Fetch metadata, where the browser sends it. Ports do not separate sites, so a page served by
 * any other local port is "same-site": it may navigate here (a tab without a session can do
 * nothing) but may not load our resources, post to us or open our socket.
 */
function checkFetchSite(site: string | undefined, mode: string | undefined): Verdict {
  if (site === undefined || site === 'same-origin' || site === 'none') return PASS;
  if (site === 'same-site' && mode === 'navigate') return PASS;
  return refuse('cross-site');
}

/** This run's secret. It opens the control socket and nothing else needs it. */
export interface Secrets {
  /**
   * Never in a page URL: a page gets it from POST /session in exchange for a one-time link code,
   * keeps it in its tab's sessionStorage and sends it only in the socket's URL.
   */
  readonly token: string;
}

/**
 * The control socket takes the token only from its URL, never from a cookie: browsers send
 * cookies to every port of 127.0.0.1, so other local web servers could see or replace them.
 */
export function checkControlAccess(queryToken: string | null, secrets: Secrets): Verdict {
  return tokensEqual(queryToken, secrets.token) ? PASS : refuse('no-token');
}

/** Header values as Node gives them (repeated headers may arrive as arrays). */
export type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Host, Origin and fetch-metadata checks shared by plain requests and upgrades. `originRequired`
 * for upgrades and POSTs, where browsers always send Origin.
 */
export function checkRequestSource(
  headers: HeaderBag,
  port: number,
  originRequired: boolean,
): Verdict {
  const host = checkHost(header(headers, 'host'), port);
  if (!host.ok) return host;
  const origin = checkOrigin(header(headers, 'origin'), port, originRequired);
  if (!origin.ok) return origin;
  return checkFetchSite(header(headers, 'sec-fetch-site'), header(headers, 'sec-fetch-mode'));
}
