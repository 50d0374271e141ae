// Exports and imports as the UI asks for them. Where the file goes or comes from belongs to the
// host: the desktop app asks with native dialogs in its main process, browser mode hands the
// page a one-time download or upload address. The engine does the work either way and reports
// progress in the stats of every batch, so every window shows the same progress bar.
import { z } from 'zod';
import { captureIdSchema } from './capture-id';
import type { ErrorInfo } from './errors';

const EXPORT_FORMATS = ['pcapng', 'har', 'raw'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The most connections one export may name. The selection travels in one message; a filter
 * matching more than this exports them all (or narrows the filter) instead.
 */
export const MAX_EXPORT_CONNECTIONS = 100_000;

export const exportRequestSchema = z
  .object({
    /** A past capture by id; omitted, the capture being recorded. */
    capture: captureIdSchema.optional(),
    format: z.enum(EXPORT_FORMATS),
    /** Only these connections; omitted, every connection of the capture. */
    connectionIds: z
      .array(z.number().int().positive())
      .min(1)
      .max(MAX_EXPORT_CONNECTIONS)
      .optional(),
    /** With raw: what the client sent (in) or what the port sent (out). */
    direction: z.enum(['in', 'out']).optional(),
    /** With raw: only these bytes of that direction (a selection in the payload views). */
    range: z
      .object({
        offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
        length: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine(
    (r) => r.format !== 'raw' || (r.connectionIds?.length === 1 && r.direction !== undefined),
    { message: 'raw writes one direction of one connection: one connection id and a direction' },
  )
  .refine((r) => r.format === 'raw' || (r.direction === undefined && r.range === undefined), {
    message: 'direction and range go with the raw format only',
  });

export type ExportRequest = z.output<typeof exportRequestSchema>;

export const importRequestSchema = z.discriminatedUnion('source', [
  /** The desktop app asks which file, with its own dialog. */
  z.object({ source: z.literal('dialog') }).strict(),
  /**
   * A file the person dropped on the desktop window: only its preload script knows the path
   * (the page never sees it).
   */
  z.object({ source: z.literal('path'), path: z.string().min(1).max(4096) }).strict(),
  /** Browser mode: the page will upload a file it picked (or that was dropped on it). */
  z
    .object({
      source: z.literal('upload'),
      fileName: z.string().min(1).max(255),
      size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    })
    .strict(),
]);

export type ExportOutcome =
  /** Browser mode: fetch this same-origin address once, within a minute, to download. */
  | { readonly kind: 'download'; readonly url: string; readonly fileName: string }
  /** Desktop: written where the person chose. */
  | { readonly kind: 'saved'; readonly fileName: string; readonly summary: ExportSummary }
  | { readonly kind: 'cancelled' };

export interface ExportSummary {
  readonly connections: number;
  readonly bytes: number;
  /** What the file holds, in words: "1,204 packets", "3 HTTP exchanges", "the client's bytes". */
  readonly items: string;
}

export interface ImportSummary {
  readonly captureId: string;
  readonly connections: number;
  readonly packets: number;
  readonly skipped: number;
  /** Damage that ended reading early; what came before it was imported. */
  readonly problem: ErrorInfo | null;
}

export type ImportOutcome =
  /** Browser mode: POST the file's bytes to this same-origin address once, within a minute. */
  | { readonly kind: 'upload'; readonly url: string; readonly maxBytes: number }
  | { readonly kind: 'imported'; readonly summary: ImportSummary }
  | { readonly kind: 'cancelled' };

/** One export or import the engine is running or just finished, as every window shows it. */
export interface TransferInfo {
  readonly id: string;
  readonly kind: 'export' | 'import';
  readonly fileName: string;
  readonly state: 'running' | 'done' | 'failed' | 'cancelled';
  /** What a running transfer is doing: "receiving", "reading", "writing". */
  readonly step: string;
  /** Bytes written (export) or read (import) so far. */
  readonly doneBytes: number;
  /** The file's size for an import; null for an export, whose size is known only at the end. */
  readonly totalBytes: number | null;
  readonly startedAt: number;
  /** When it ended; null while it runs. */
  readonly endedAt: number | null;
  /** Why it failed; null otherwise. */
  readonly error: ErrorInfo | null;
}

const EXTENSIONS: Record<ExportFormat, string> = { pcapng: 'pcapng', har: 'har', raw: 'bin' };

/**
 * The file name an export is offered under: capture, selection and format in a name that sorts
 * well, with nothing a file system could object to.
 */
export function exportFileName(request: ExportRequest, captureId: string): string {
  const ids = request.connectionIds;
  const which =
    ids === undefined
      ? ''
      : ids.length === 1
        ? `-connection-${ids[0]}`
        : `-${ids.length}-connections`;
  const side =
    request.direction === undefined ? '' : `-${request.direction === 'in' ? 'client' : 'server'}`;
  const range =
    request.range === undefined
      ? ''
      : `-bytes-${request.range.offset}-${request.range.offset + request.range.length}`;
  const safeId = captureId.replace(/[^0-9A-Za-z_-]/g, '_');
  return `porthole-${safeId}${which}${side}${range}.${EXTENSIONS[request.format]}`;
}
