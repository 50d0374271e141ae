// A message body as HAR content: the Content-Encoding undone (gzip, deflate, br), then text for
// textual types and base64 otherwise. A body is kept up to MAX_BODY_BYTES: a HAR is one JSON
// document, read whole by the tools that open it, so it cannot carry bodies of any size.

import { decompress, type ContentEncoding } from '../../decode/decompress';
import type { DecodedBody } from '../../../shared/decoders/types';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

const ENCODINGS: readonly string[] = ['gzip', 'x-gzip', 'deflate', 'br'];

export interface BodyContent {
  /** Bytes after the content-encoding was undone (or as sent when it could not be). */
  readonly size: number;
  readonly text: string;
  readonly encoding?: 'base64';
  readonly truncated: boolean;
  /** Why the content is not what was sent, when it is not (a failed decompression). */
  readonly note: string | null;
}

const TEXTUAL =
  /^(text\/|application\/(json|xml|javascript|ecmascript|x-www-form-urlencoded|graphql)|[^;]*\+(json|xml))/i;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Text, or null when the bytes should go as base64. */
function asText(data: Uint8Array, mimeType: string): string | null {
  const declared = mimeType.trim() !== '';
  if (declared && !TEXTUAL.test(mimeType.trim())) return null;
  try {
    const text = strictUtf8.decode(data);
    // Untyped bodies are text only when they read as such: no NULs or other C0 controls.
    // eslint-disable-next-line no-control-regex
    if (!declared && /[\u0000-\u0008\u000e-\u001f]/.test(text)) return null;
    return text;
  } catch {
    return null;
  }
}

export async function bodyContent(body: DecodedBody, mimeType: string): Promise<BodyContent> {
  const sent = Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength);
  let data: Buffer = sent;
  let truncated = !body.complete;
  let note: string | null = null;
  const coding = body.contentEncoding?.trim() ?? '';
  if (ENCODINGS.includes(coding)) {
    const name = (coding === 'x-gzip' ? 'gzip' : coding) as ContentEncoding;
    const undone = await decompress(name, sent, MAX_BODY_BYTES);
    if (undone.ok) {
      data = undone.data;
      truncated ||= undone.truncated;
    } else {
      // A cut or corrupt body (e.g. the capture stopped mid-stream): keep what was sent.
      note = `content-encoding ${coding} not undone: ${undone.message}`;
    }
  } else if (coding !== '' && coding !== 'identity') {
    note = `content-encoding ${coding} not undone: unsupported`;
  }
  if (data.length > MAX_BODY_BYTES) {
    data = data.subarray(0, MAX_BODY_BYTES);
    truncated = true;
  }
  const text = asText(data, mimeType);
  return text === null
    ? { size: data.length, text: data.toString('base64'), encoding: 'base64', truncated, note }
    : { size: data.length, text, truncated, note };
}
