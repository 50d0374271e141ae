// The replayConnection command: checks the request, builds the plan and starts the replay as a
// new connection in history. It answers once the replay has begun (its row exists); how it goes
// shows on that row live, like any connection's.

import { appError, fail, ok, type Result } from '../../shared/errors';
import type { ConnectionInfo } from '../../shared/model';
import { payloadBytes } from '../../shared/payload-spec';
import type { ReplayRequest } from '../../shared/replay';
import type { EngineCore } from '../core/engine-core';
import { editedPlan, recordedPlan } from './replay-steps';
import { resolveTarget } from './replay-target';
import { TcpReplay } from './tcp-replay';
import { UdpReplay } from './udp-replay';

export async function startReplay(
  core: EngineCore,
  request: ReplayRequest,
): Promise<Result<ConnectionInfo>> {
  const original = core.history.get(request.connectionId);
  if (original === undefined) {
    return fail(appError('CONNECTION_NOT_FOUND', { id: request.connectionId }));
  }
  const info = original.info();
  const target = await resolveTarget(request.target, info, request.allowRemote);
  if (!target.ok) return target;

  const recorded = recordedPlan(original.recorder.chunkRecords);
  const plan =
    request.writes === undefined
      ? recorded
      : editedPlan(
          recorded,
          request.writes.map((spec) => payloadBytes(spec)),
        );
  if (plan.count === 0) {
    const detail = info.in.received > 0 ? 'none of them were kept' : undefined;
    return fail(appError('REPLAY_NOTHING_TO_SEND', { id: info.id, detail }));
  }
  // The engine may have begun shutting down while the name resolved.
  if (core.closed) return fail(appError('INTERNAL', { detail: 'Porthole is shutting down' }));

  const context = core.context;
  const setup = {
    id: context.nextConnectionId(),
    // Listed with the original's port; a detached link keeps the port's own figures its own.
    listener: { id: info.listenerId, bytesIn: 0, bytesOut: 0, connectionsOpen: 0 },
    target: target.value,
    plan,
    run: { pacing: request.pacing, speed: request.speed },
    original,
    totals: context.totals,
    maxChunkRecords: context.maxChunkRecords,
    hooks: context.connectionHooks,
    chunkSink: context.chunkSink,
  };
  const replay = info.protocol === 'udp' ? new UdpReplay(setup) : new TcpReplay(setup);
  context.added(replay);
  return ok(replay.info());
}
