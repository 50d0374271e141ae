// One decoded HTTP message as a HAR request or response. The head is parsed again with the
// decoder's own parseHead (the decoded message keeps only display fields, not the method and
// target apart), so there is still one HTTP parser.

import type { ConnectionInfo } from '../../../shared/model';
import { headerValue, parseHead, type Head } from '../../../shared/decoders/http-head';
import type { DecodedMessage } from '../../../shared/decoders/types';
import { bodyContent } from './har-content';
import type { HarCookie, HarNameValue, HarPostData, HarRequest, HarResponse } from './har-types';

function headOf(bytes: Uint8Array, message: DecodedMessage): Head | null {
  const kind = message.direction === 'in' ? 'request' : 'response';
  const head = parseHead(bytes, message.range.offset, kind);
  return head.status === 'ok' ? head : null;
}

const nameValues = (head: Head): HarNameValue[] =>
  head.headers.map((h) => ({ name: h.name, value: h.value }));

/** "a=1; b=2" → cookies (a value may itself contain "="). */
function requestCookies(head: Head): HarCookie[] {
  const cookie = headerValue(head.headers, 'cookie');
  if (cookie === null) return [];
  return cookie
    .split(/;\s*|,\s*/)
    .filter((pair) => pair.includes('='))
    .map((pair) => {
      const at = pair.indexOf('=');
      return { name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
    });
}

/** Each Set-Cookie line is one cookie (they are not joined: Expires contains commas). */
function responseCookies(head: Head): HarCookie[] {
  return head.headers
    .filter((h) => h.key === 'set-cookie')
    .map((h) => {
      const [pair = '', ...attributes] = h.value.split(';');
      const at = pair.indexOf('=');
      const cookie: { -readonly [K in keyof HarCookie]: HarCookie[K] } = {
        name: (at < 0 ? '' : pair.slice(0, at)).trim(),
        value: (at < 0 ? pair : pair.slice(at + 1)).trim(),
      };
      for (const attribute of attributes) {
        const [key = '', ...rest] = attribute.split('=');
        const value = rest.join('=').trim();
        const name = key.trim().toLowerCase();
        if (name === 'path') cookie.path = value;
        else if (name === 'domain') cookie.domain = value;
        else if (name === 'httponly') cookie.httpOnly = true;
        else if (name === 'secure') cookie.secure = true;
        else if (name === 'expires' && !Number.isNaN(Date.parse(value))) {
          cookie.expires = new Date(value).toISOString();
        }
      }
      return cookie;
    });
}

/** An absolute URL: the target if it is one, else Host (or the port it came in on) + target. */
function urlOf(head: Head, info: ConnectionInfo): string {
  const target = head.request?.target ?? '/';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return target;
  const local = info.localAddress.includes(':')
    ? `[${info.localAddress}]:${info.localPort}`
    : `${info.localAddress}:${info.localPort}`;
  const host = headerValue(head.headers, 'host') ?? local;
  return `http://${host}${target.startsWith('/') ? target : `/${target}`}`;
}

function queryOf(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

const withNote = <T extends object>(value: T, truncated: boolean, note: string | null) => ({
  ...value,
  ...(truncated ? { _truncated: true as const } : {}),
  ...(note === null ? {} : { comment: note }),
});

export async function harRequest(
  bytes: Uint8Array,
  message: DecodedMessage,
  info: ConnectionInfo,
): Promise<HarRequest | null> {
  const head = headOf(bytes, message);
  if (head === null || head.request === null) return null;
  const url = urlOf(head, info);
  let postData: HarPostData | undefined;
  if (message.body !== null && (message.body.bytes.length > 0 || !message.body.complete)) {
    const mimeType = message.body.contentType ?? '';
    const body = await bodyContent(message.body, mimeType);
    const data = {
      mimeType,
      text: body.text,
      ...(body.encoding ? { encoding: body.encoding } : {}),
    };
    postData = withNote(data, body.truncated, body.note);
  }
  return {
    method: head.request.method,
    url,
    httpVersion: head.version,
    cookies: requestCookies(head),
    headers: nameValues(head),
    queryString: queryOf(url),
    ...(postData === undefined ? {} : { postData }),
    headersSize: head.end - message.range.offset,
    bodySize: message.body?.range.length ?? 0,
  };
}

export async function harResponse(
  bytes: Uint8Array,
  message: DecodedMessage,
): Promise<HarResponse | null> {
  const head = headOf(bytes, message);
  if (head === null || head.response === null) return null;
  const mimeType = headerValue(head.headers, 'content-type') ?? '';
  let content: HarResponse['content'] = { size: 0, mimeType };
  if (message.body !== null) {
    const body = await bodyContent(message.body, mimeType);
    const sent = message.body.bytes.length;
    content = withNote(
      {
        size: body.size,
        ...(body.size > sent ? { compression: body.size - sent } : {}),
        mimeType,
        text: body.text,
        ...(body.encoding ? { encoding: body.encoding } : {}),
      },
      body.truncated,
      body.note,
    );
  }
  return {
    status: head.response.code,
    statusText: head.response.reason,
    httpVersion: head.version,
    cookies: responseCookies(head),
    headers: nameValues(head),
    content,
    redirectURL: headerValue(head.headers, 'location') ?? '',
    headersSize: head.end - message.range.offset,
    bodySize: message.body?.range.length ?? 0,
  };
}
