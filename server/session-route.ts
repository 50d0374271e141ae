// POST /session: the page swaps a one-time launch code for this run's token. The code travels in
// the body (never a URL the server logs) and is spent whatever happens next, so a link seen in
// history, in a session file or over a shoulder afterwards is worthless. Only Porthole's own page
// can ask: the request guard has already required its Origin (browsers send it with every POST)
// and refused other sites, and no CORS header lets another origin read the answer.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LaunchCodes } from './launch-codes';
import { refusal } from './refusals';
import { sendJson, sendRefusal } from './send-response';

export const SESSION_PATH = '/session';

/** A code is 43 characters; anything much longer is not one. */
const MAX_BODY = 256;

function readSmallBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    const onData = (part: Buffer) => {
      size += part.length;
      if (size > MAX_BODY) {
        // Not a code: the rest is drained unread and the answer closes the connection.
        req.off('data', onData);
        req.resume();
        resolve(null);
        return;
      }
      parts.push(part);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

export async function handleSession(
  req: IncomingMessage,
  res: ServerResponse,
  codes: LaunchCodes,
  token: string,
  port: number,
): Promise<void> {
  if (req.method !== 'POST') {
    return sendRefusal(res, refusal('bad-method', port), { Allow: 'POST' });
  }
  const code = await readSmallBody(req);
  if (code === null) return sendRefusal(res, refusal('spent-link', port), { Connection: 'close' });
  if (!codes.redeem(code.trim())) return sendRefusal(res, refusal('spent-link', port));
  sendJson(res, { token });
}
