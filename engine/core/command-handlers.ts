// Every contract command mapped onto the engine core. Arguments arrive validated and defaulted
// by dispatchCommand; every outcome is a Result value, nothing is thrown on purpose.

import { unsupportedOn, type BehaviourConfig } from '../../shared/behaviours';
import type { Protocol } from '../../shared/model';
import { MAX_DECOMPRESSED_BYTES, type EngineHandlers } from '../../shared/contract';
import { appError, fail, ok, type ErrorInfo } from '../../shared/errors';
import { payloadBytes } from '../../shared/payload-spec';
import { bindError } from '../net/bind-error';
import type { EngineCore } from './engine-core';
import type { CapturedConnection, EngineListener } from './engine-types';
import { addressesOf } from '../net/listen-addresses';
import { nextFreePort } from '../port-holder';
import { decompress } from '../decode/decompress';
import { findConnections } from '../search/find-connections';
import { findInPayload, findInPayloadOnDisk } from '../search/find-in-payload';
import { suggestPort } from '../net/suggest-port';
import { readLiveBytes } from './live-bytes';
import { startReplay } from '../replay/start-replay';
import { createCaptureHandlers } from '../persist/capture-handlers';
import { createCompareHandlers } from '../compare/compare-handlers';
import { withPastCaptures, type ReadHandlers } from '../persist/past-capture-reads';
import { createWorkspaceHandlers } from '../workspace/workspace-handlers';
import { createMachineHandlers } from '../machine/machine-handlers';
import { createDiagnoseHandlers } from '../diagnose';

export function createCommandHandlers(core: EngineCore): EngineHandlers {
  const listenerOr = (id: string): EngineListener | undefined => core.listeners.get(id);
  const connectionOr = (id: number): CapturedConnection | undefined => core.history.get(id);
  const noListener = (id: string) => fail(appError('LISTENER_NOT_FOUND', { id }));
  const noConnection = (id: number) => fail(appError('CONNECTION_NOT_FOUND', { id }));
  const busy = (listener: EngineListener) =>
    fail(appError('LISTENER_BUSY', { id: listener.id, detail: `(it is ${listener.state})` }));
  const unsupported = (detail: string) => fail(appError('BEHAVIOUR_UNSUPPORTED', { detail }));
  /** A mock answers like a connection of the live capture, of its own protocol. */
  const mockSourceProblem = (protocol: Protocol, behaviour: BehaviourConfig): ErrorInfo | null => {
    if (behaviour.kind !== 'mock') return null;
    const source = core.history.get(behaviour.connectionId);
    if (source === undefined)
      return appError('MOCK_SOURCE_MISSING', { id: behaviour.connectionId });
    const sourceProtocol = source.info().protocol;
    if (sourceProtocol === protocol) return null;
    return appError('BEHAVIOUR_UNSUPPORTED', {
      detail: `Connection #${behaviour.connectionId} is ${sourceProtocol.toUpperCase()}; a ${protocol.toUpperCase()} port cannot answer like it.`,
    });
  };
  const emptyPattern = () =>
    fail(appError('INVALID_INPUT', { detail: 'The search pattern is empty.' }));

  // What the running engine answers; past captures answer the same commands from their files.
  const liveReads: ReadHandlers = {
    listListeners: () => ok([...core.listeners.values()].map((l) => l.snapshot())),

    listConnections: ({ afterId, beforeId, limit, newest }) => {
      if (newest) {
        const items = core.history.newestPage(afterId, limit, beforeId);
        return ok({ connections: items.map((conn) => conn.info()), nextAfterId: null });
      }
      const { items, more } = core.history.page(afterId, limit, beforeId);
      const last = items[items.length - 1];
      return ok({
        connections: items.map((conn) => conn.info()),
        nextAfterId: more && last !== undefined ? last.id : null,
      });
    },

    getConnection: ({ id }) => {
      const conn = connectionOr(id);
      return conn === undefined ? noConnection(id) : ok(conn.info());
    },

    readChunks: ({ connectionId, from, count }) => {
      const conn = connectionOr(connectionId);
      return conn === undefined
        ? noConnection(connectionId)
        : ok(conn.recorder.readChunks(from, count));
    },

    readPayload: async ({ connectionId, direction, offset, length }) => {
      const conn = connectionOr(connectionId);
      if (conn === undefined) return noConnection(connectionId);
      const data = await readLiveBytes(conn, direction, offset, length);
      return data.ok
        ? ok({ offset, length: data.value.length, data: data.value.toString('base64') })
        : data;
    },

    findConnections: async ({ pattern, direction, afterId, limit }) => {
      const bytes = Buffer.from(payloadBytes(pattern));
      if (bytes.length === 0) return emptyPattern();
      const directions = direction === 'both' ? (['in', 'out'] as const) : [direction];
      return ok(await findConnections(core.history, bytes, directions, afterId, limit));
    },

    findInPayload: async ({ connectionId, direction, pattern, from, limit }) => {
      const conn = connectionOr(connectionId);
      if (conn === undefined) return noConnection(connectionId);
      const bytes = Buffer.from(payloadBytes(pattern));
      if (bytes.length === 0) return emptyPattern();
      const disk = conn.recorder.onDisk;
      if (disk !== null) return ok(await findInPayloadOnDisk(disk, direction, bytes, from, limit));
      return ok(findInPayload(conn.recorder.log(direction), bytes, from, limit));
    },
  };

  return {
    ...createCaptureHandlers(core),
    ...createWorkspaceHandlers(core),
    ...createMachineHandlers(core),
    ...createCompareHandlers(core),

    openListener: (request) => {
      if (core.closed) return fail(appError('TRANSPORT_CLOSED'));
      const { protocol, host, port, behaviour, faults } = request;
      const why = unsupportedOn(protocol, behaviour, faults);
      if (why !== null) return unsupported(why);
      const source = mockSourceProblem(protocol, behaviour);
      if (source !== null) return fail(source);
      // The same address asked for again: an open one is a clear error of its own (the OS would
      // only say "in use"), and a closed or failed one is retried (with the behaviour asked for
      // now) rather than listed twice.
      const same = port === 0 ? undefined : core.findListener(protocol, host, port);
      if (same === undefined) return core.createListener(request).open();
      if ((same.state === 'closed' || same.state === 'failed') && same.host === host) {
        same.configure(behaviour, faults);
        return same.open();
      }
      if (same.state === 'closed' || same.state === 'failed') {
        // An overlapping entry that is not running is no obstacle: the OS decides.
        return core.createListener(request).open();
      }
      const detail = `${same.host === host ? 'it' : `port ${same.host}:${same.port ?? port}`} is ${same.state}`;
      return fail(appError('PORT_ALREADY_OPEN', { host, port, detail }));
    },

    reopenListener: async ({ id, port }) => {
      const listener = listenerOr(id);
      if (listener === undefined) return noListener(id);
      if (listener.busy) return busy(listener);
      if (core.closed) return fail(appError('TRANSPORT_CLOSED'));
      // Asking for an open port to be open again is not an error: it already is.
      if (listener.state === 'open') {
        if (port === undefined || port === listener.port) return ok(listener.snapshot());
        return busy(listener);
      }
      return listener.open(port);
    },

    setBehaviour: ({ id, behaviour, faults }) => {
      const listener = listenerOr(id);
      if (listener === undefined) return noListener(id);
      const why = unsupportedOn(listener.protocol, behaviour, faults);
      if (why !== null) return unsupported(why);
      const source = mockSourceProblem(listener.protocol, behaviour);
      if (source !== null) return fail(source);
      listener.configure(behaviour, faults);
      return ok(listener.snapshot());
    },

    closeListener: async ({ id }) => {
      const listener = listenerOr(id);
      if (listener === undefined) return noListener(id);
      await listener.close();
      return ok(listener.snapshot());
    },

    removeListener: ({ id }) => {
      const listener = listenerOr(id);
      if (listener === undefined) return noListener(id);
      if (listener.state !== 'closed' && listener.state !== 'failed') return busy(listener);
      core.removeListener(listener);
      return ok(null);
    },

    ...withPastCaptures(core, liveReads),

    sendData: ({ connectionId, data }) => {
      const conn = connectionOr(connectionId);
      if (conn === undefined) return noConnection(connectionId);
      const sent = conn.send(payloadBytes(data));
      return sent.ok ? ok({ bytes: sent.value }) : sent;
    },

    decompress: async ({ encoding, data }) => {
      const outcome = await decompress(
        encoding,
        Buffer.from(data, 'base64'),
        MAX_DECOMPRESSED_BYTES,
      );
      if (!outcome.ok) return fail(appError('DECODE_FAILED', { detail: outcome.message }));
      return ok({ data: outcome.data.toString('base64'), truncated: outcome.truncated });
    },

    closeConnection: async ({ id, mode }) => {
      const conn = connectionOr(id);
      if (conn === undefined) return noConnection(id);
      if (conn.state === 'closed') return fail(appError('CONNECTION_CLOSED', { id }));
      await conn.requestClose(mode === 'reset' ? 'reset-by-user' : 'closed-by-user', mode);
      return ok(conn.info());
    },

    replayConnection: (request) => startReplay(core, request),

    clearHistory: () => {
      core.clearHistory();
      return ok(null);
    },

    setLimits: (patch) => ok(core.setLimits(patch)),

    getStats: () => ok(core.stats()),

    cancelTransfer: ({ id }) =>
      core.transfers.cancel(id)
        ? ok(null)
        : fail(appError('TRANSFER_NOT_FOUND', { detail: `"${id}"` })),

    suggestPort: async ({ protocol, host, after }) => {
      try {
        const addresses = addressesOf(host).map((a) => a.address);
        const port =
          after === undefined
            ? await suggestPort(protocol, addresses)
            : await nextFreePort({ protocol, addresses, after });
        if (port === null) {
          const detail = `No free port was found above ${after ?? 0}.`;
          return fail(appError('INVALID_INPUT', { detail }));
        }
        return ok({ port });
      } catch (error) {
        return fail(bindError(error, { host, port: 0 }));
      }
    },

    ...createDiagnoseHandlers(core),
  };
}
