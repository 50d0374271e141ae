// HTTP/1.1 upgrades to WebSocket (RFC 6455 §4): the request asks with "Upgrade: websocket" and
// the response agrees with "101 Switching Protocols". From there on neither side speaks HTTP.

import type { Detection } from '../model';
import { headEnd, latin1 } from './bytes';
import { matchHttpRequest, matchHttpResponse } from './http';

/** Both heads must be complete (blank line seen); bytes after them are ignored. */
export function isWebSocketUpgrade(requestHead: Uint8Array, responseHead: Uint8Array): boolean {
  if (matchHttpRequest(requestHead) !== 'yes' || matchHttpResponse(responseHead) !== 'yes') {
    return false;
  }
  if (latin1(responseHead.subarray(9, 12)) !== '101') return false;
  const requestEnd = headEnd(requestHead);
  const responseEnd = headEnd(responseHead);
  if (requestEnd < 0 || responseEnd < 0) return false;
  if (!hasToken(headerValues(latin1(requestHead, requestEnd), 'upgrade'), 'websocket')) {
    return false;
  }
  // The server must name what it switched to; a 101 to some other protocol is not WebSocket.
  return hasToken(headerValues(latin1(responseHead, responseEnd), 'upgrade'), 'websocket');
}

/** A connection whose HTTP request and response are an accepted WebSocket upgrade. */
export function refineConnection(
  detected: Detection,
  requestHead: Uint8Array,
  responseHead: Uint8Array,
): Detection {
  if (detected.in !== 'http' || detected.out !== 'http') return detected;
  return isWebSocketUpgrade(requestHead, responseHead)
    ? { in: 'websocket', out: 'websocket' }
    : detected;
}

function headerValues(head: string, name: string): string[] {
  return head
    .split('\n')
    .slice(1)
    .flatMap((line) => {
      const colon = line.indexOf(':');
      if (colon <= 0 || line.slice(0, colon).trim().toLowerCase() !== name) return [];
      return [line.slice(colon + 1)];
    });
}

/** Header values are comma-separated, case-insensitive token lists ("websocket", "Upgrade"). */
function hasToken(values: readonly string[], token: string): boolean {
  return values.some((value) =>
    value.split(',').some((part) => part.trim().toLowerCase() === token),
  );
}
