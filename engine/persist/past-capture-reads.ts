// Routes the read commands: with no `capture` (or the running capture's id) they read the live
// engine; with a past capture's id they read that capture's file, read-only, in the same shapes.

import type { CommandHandlers } from '../../shared/contract';
import { appError, fail, ok, type Result } from '../../shared/errors';
import { payloadBytes } from '../../shared/payload-spec';
import type { EngineCore } from '../core/engine-core';
import { scanBudgetBytes } from '../search/find-connections';
import { findInPayloadOnDisk } from '../search/find-in-payload';
import type { PastCapture } from './past-capture';

type ReadName =
  | 'listListeners'
  | 'listConnections'
  | 'getConnection'
  | 'readChunks'
  | 'readPayload'
  | 'findConnections'
  | 'findInPayload';

export type ReadHandlers = Pick<CommandHandlers, ReadName>;

export function withPastCaptures(core: EngineCore, live: ReadHandlers): ReadHandlers {
  /** The past capture asked for, or null when the live engine answers. */
  const pastOf = (capture: string | undefined): Promise<Result<PastCapture>> | null => {
    if (capture === undefined) return null;
    const captures = core.captures;
    if (captures === null) return Promise.resolve(fail(appError('PERSIST_UNAVAILABLE')));
    return capture === captures.currentId ? null : captures.library.open(capture);
  };
  const noConnection = (id: number) => fail(appError('CONNECTION_NOT_FOUND', { id }));
  const emptyPattern = () =>
    fail(appError('INVALID_INPUT', { detail: 'The search pattern is empty.' }));

  return {
    listListeners: async (args) => {
      const past = pastOf(args.capture);
      if (past === null) return live.listListeners(args);
      const opened = await past;
      return opened.ok ? ok([...opened.value.listeners]) : opened;
    },

    listConnections: async (args) => {
      const past = pastOf(args.capture);
      if (past === null) return live.listConnections(args);
      const opened = await past;
      return opened.ok ? ok(opened.value.connectionsPage(args)) : opened;
    },

    getConnection: async (args) => {
      const past = pastOf(args.capture);
      if (past === null) return live.getConnection(args);
      const opened = await past;
      if (!opened.ok) return opened;
      const info = opened.value.get(args.id);
      return info === undefined ? noConnection(args.id) : ok(info);
    },

    readChunks: async (args) => {
      const past = pastOf(args.capture);
      if (past === null) return live.readChunks(args);
      const opened = await past;
      if (!opened.ok) return opened;
      const chunks = opened.value.readChunks(args.connectionId, args.from, args.count);
      return chunks === undefined ? noConnection(args.connectionId) : ok(chunks);
    },

    readPayload: async (args) => {
      const past = pastOf(args.capture);
      if (past === null) return live.readPayload(args);
      const opened = await past;
      if (!opened.ok) return opened;
      const { connectionId, direction, offset, length } = args;
      const data = await opened.value.readPayload(connectionId, direction, offset, length);
      if (!data.ok) return data;
      return ok({ offset, length: data.value.length, data: data.value.toString('base64') });
    },

    findConnections: async (args) => {
      const past = pastOf(args.capture);
      if (past === null) return live.findConnections(args);
      const opened = await past;
      if (!opened.ok) return opened;
      const bytes = Buffer.from(payloadBytes(args.pattern));
      if (bytes.length === 0) return emptyPattern();
      const directions = args.direction === 'both' ? (['in', 'out'] as const) : [args.direction];
      const { afterId, limit } = args;
      return ok(
        await opened.value.findConnections(bytes, directions, afterId, limit, scanBudgetBytes()),
      );
    },

    findInPayload: async (args) => {
      const past = pastOf(args.capture);
      if (past === null) return live.findInPayload(args);
      const opened = await past;
      if (!opened.ok) return opened;
      const bytes = Buffer.from(payloadBytes(args.pattern));
      if (bytes.length === 0) return emptyPattern();
      const { connectionId, direction, from, limit } = args;
      const disk = opened.value.bytesOf(connectionId);
      if (disk === undefined) return noConnection(connectionId);
      return ok(await findInPayloadOnDisk(disk, direction, bytes, from, limit));
    },
  };
}
