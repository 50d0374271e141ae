// A Content-Encoded body, undone by the engine (decompress command, zlib off every UI thread)
// and then formatted in the decode worker. Results are kept for the page's lifetime in a small
// LRU, so re-decodes of a live connection do not decompress the same body again.
import { useEffect, useState } from 'react';
import { MAX_COMPRESSED_BYTES, type PortholeApi } from '../../../../../shared/contract';
import type { ErrorInfo } from '../../../../../shared/errors';
import { useEngine } from '../../../bridge/engine-context';
import { decodeBase64 } from '../../../lib/base64';
import { formatBytes } from '../../../../../shared/format-bytes';
import type { FormattedBody } from './body-format';
import { formatInWorker } from './decode-client';
import type { Decompressible } from './decoded-items';

export type Decompressed =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly message: string }
  | {
      readonly state: 'done';
      readonly size: number;
      readonly truncated: boolean;
      readonly formatted: FormattedBody;
    };

const MAX_ENTRIES = 32;
const results = new Map<string, Promise<Decompressed>>();

function errorText(error: ErrorInfo): string {
  return `${error.message} ${error.hint}`;
}

async function run(
  engine: PortholeApi,
  encoding: Decompressible,
  base64: string,
  contentType: string | null,
): Promise<Decompressed> {
  const compressed = Math.floor((base64.length * 3) / 4);
  if (compressed > MAX_COMPRESSED_BYTES) {
    const limit = formatBytes(MAX_COMPRESSED_BYTES);
    return {
      state: 'failed',
      message: `This ${encoding} body is ${formatBytes(compressed)}; the Decoded view undoes bodies up to ${limit}. Its raw bytes are in Text and Hex.`,
    };
  }
  const result = await engine.decompress({ encoding, data: base64 });
  if (!result.ok) return { state: 'failed', message: errorText(result.error) };
  const bytes = decodeBase64(result.value.data);
  const formatted = await formatInWorker(bytes, contentType);
  if (typeof formatted === 'string') return { state: 'failed', message: formatted };
  return { state: 'done', size: bytes.length, truncated: result.value.truncated, formatted };
}

function decompressOnce(
  engine: PortholeApi,
  key: string,
  encoding: Decompressible,
  base64: string,
  contentType: string | null,
): Promise<Decompressed> {
  const known = results.get(key);
  if (known) return known;
  const started = run(engine, encoding, base64, contentType).then((value) => {
    // A failure may be passing (the engine reconnecting): let the next render ask again.
    if (value.state === 'failed') results.delete(key);
    return value;
  });
  results.set(key, started);
  if (results.size > MAX_ENTRIES) {
    const oldest = results.keys().next().value;
    if (oldest !== undefined) results.delete(oldest);
  }
  return started;
}

/** `key` names the body (connection, direction, offset, length): same key, same bytes. */
export function useDecompressed(
  key: string,
  encoding: Decompressible,
  base64: string,
  contentType: string | null,
): Decompressed {
  const engine = useEngine();
  const [outcome, setOutcome] = useState<{ key: string; value: Decompressed } | null>(null);
  useEffect(() => {
    let live = true;
    void decompressOnce(engine, key, encoding, base64, contentType).then((value) => {
      if (live) setOutcome({ key, value });
    });
    return () => {
      live = false;
    };
  }, [engine, key, encoding, base64, contentType]);
  return outcome?.key === key ? outcome.value : { state: 'loading' };
}
