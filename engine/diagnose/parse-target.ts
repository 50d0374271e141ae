// The typed target, read the way a person means it: host:port, [v6]:port, or an http(s) URL
// with its default port. Anything else is INVALID_INPUT with the shape that would work.

import { isIP } from 'node:net';
import type { DiagnoseTarget } from '../../shared/diagnosis/diagnosis';
import { appError, fail, ok, type Result } from '../../shared/errors';

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const BRACKETED = /^\[([^\]]*)\]:(\d+)$/;
const HOST_PORT = /^([^:/\s[\]]+):(\d+)$/;
/** Names as resolvers take them: letters, digits, hyphens and dots, at most 253 characters. */
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?$/i;

const EXAMPLES = 'like localhost:8080, [::1]:8080 or http://localhost:3000/health';

const invalid = (detail: string): Result<never> => fail(appError('INVALID_INPUT', { detail }));

function portOf(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

function checkHost(host: string): string | null {
  if (isIP(host) !== 0 || HOST_NAME.test(host)) return null;
  return `"${host.slice(0, 64)}" is not a host name or IP address.`;
}

function parseUrl(input: string, scheme: string, tlsAsked: boolean): Result<DiagnoseTarget> {
  if (scheme !== 'http' && scheme !== 'https') {
    return invalid(`Porthole checks http:// and https:// addresses, or host:port (${EXAMPLES}).`);
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return invalid(`"${input.slice(0, 64)}" is not a valid URL (${EXAMPLES}).`);
  }
  if (url.username !== '' || url.password !== '') {
    return invalid(
      'Leave the user name and password out of the URL: the check sends no credentials.',
    );
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const bad = checkHost(host);
  if (bad !== null) return invalid(bad);
  const tls = scheme === 'https';
  // The scheme decides: "http://" with TLS ticked would contradict itself.
  if (tlsAsked && !tls) return invalid('An http:// address is plain text: use https:// for TLS.');
  const port = url.port === '' ? (tls ? 443 : 80) : Number(url.port);
  if (port < 1) return invalid('Port 0 cannot be connected to: use 1 to 65535.');
  return ok({
    input,
    scheme,
    host,
    port,
    path: `${url.pathname}${url.search}`,
    tls,
  });
}

export function parseTarget(raw: string, tlsAsked: boolean): Result<DiagnoseTarget> {
  const input = raw.trim();
  if (input === '') return invalid(`Type a target to check, ${EXAMPLES}.`);
  const scheme = SCHEME.exec(input)?.[1]?.toLowerCase();
  if (scheme !== undefined) return parseUrl(input, scheme, tlsAsked);

  const bracketed = BRACKETED.exec(input);
  const plain = bracketed === null ? HOST_PORT.exec(input) : null;
  const match = bracketed ?? plain;
  if (match === null) {
    if (isIP(input) === 6)
      return invalid(`Add a port, with the address in brackets: [${input}]:8080.`);
    if (isIP(input.replace(/:\d+$/, '')) === 6) {
      return invalid('Put an IPv6 address in brackets before its port, like [::1]:8080.');
    }
    if (!input.includes(':'))
      return invalid(`Add a port: ${input.slice(0, 64)}:8080, for example.`);
    return invalid(`"${input.slice(0, 64)}" is not a target Porthole can check (${EXAMPLES}).`);
  }
  const host = match[1] ?? '';
  if (bracketed !== null && isIP(host) !== 6) {
    return invalid(`"${host.slice(0, 64)}" in brackets is not an IPv6 address.`);
  }
  const bad = checkHost(host);
  if (bad !== null) return invalid(bad);
  const port = portOf(match[2] ?? '');
  if (port === null)
    return invalid(`${(match[2] ?? '').slice(0, 16)} is not a port: use 1 to 65535.`);
  return ok({ input, scheme: 'tcp', host, port, path: null, tls: tlsAsked });
}
