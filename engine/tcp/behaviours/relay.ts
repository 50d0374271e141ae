// The 'relay' behaviour: every client connection gets its own connection to host:port, and bytes
// flow both ways while the engine records them ('in' from the client, 'out' to it). The port's
// faults apply to both forwarding directions.
//
// The data path is plain socket → socket writes with backpressure: a side whose writer is full
// stops being read until it drains, so a slow reader on either side costs a bounded amount of
// memory (about OUTBOUND_HIGH_WATER per direction plus kernel buffers), never the transfer size.
//
// Both sockets read into lent buffers (tcp/lent-reads.ts): each read is passed to the other
// socket's write with its `done`, so its buffer goes back to the pool once the write completes.

import { connect, type Socket } from 'node:net';
import type { BehaviourConfig } from '../../../shared/behaviours';
import type { EndReason, UpstreamInfo, UpstreamState } from '../../../shared/model';
import type { TcpBehaviour, BehaviourConnection, BehaviourSession } from '../tcp-behaviour';
import { errnoCode } from '../../net/errno';
import { now } from '../../core/clock';
import { createOutbound } from '../faults/create-outbound';
import { UNRECORDED, type Outbound } from '../faults/outbound';
import { upstreamError, upstreamTimeout, UPSTREAM_RESET_CODES } from '../../net/upstream-error';
import { LentReads } from '../lent-reads';
import { lentReadBuffers } from '../read-buffer-pool';

export type RelayConfig = Extract<BehaviourConfig, { kind: 'relay' }>;

/** Client ends that the upstream should see as a reset, not a FIN. */
const RESET_REASONS: ReadonlySet<EndReason> = new Set([
  'client-reset',
  'reset-by-user',
  'fault-reset',
]);

export function createRelayBehaviour(config: RelayConfig): TcpBehaviour {
  return {
    kind: 'relay',
    lendsReads: true,
    attach: (conn) => new RelaySession(conn, config),
  };
}

class RelaySession implements BehaviourSession {
  private readonly upstream: Socket;
  /** Client → upstream, with the port's delay/throttle/split (the reset line is the client's). */
  private readonly toUpstream: Outbound;
  private timer: NodeJS.Timeout | null;
  private state: UpstreamState = 'connecting';
  private localAddress: string | null = null;
  private localPort: number | null = null;
  private connectedAt: number | null = null;
  private clientEnded = false;
  private upstreamEnded = false;
  private clientPaused = false;
  private upstreamPaused = false;
  /** The client connection is gone: nothing more is published or forwarded. */
  private gone = false;
  /** What the upstream socket reads into (lent buffers, see the top of this file). */
  private readonly upstreamReads = new LentReads(lentReadBuffers);

  constructor(
    private readonly conn: BehaviourConnection,
    private readonly config: RelayConfig,
  ) {
    this.upstreamReads.deliver = this.onUpstreamData;
    // Writes made while connecting are buffered by the socket and count toward the high-water
    // mark, so a client that sends before the upstream answers is paused, not buffered unbounded.
    this.upstream = connect({
      host: config.host,
      port: config.port,
      noDelay: true,
      allowHalfOpen: true,
      onread: this.upstreamReads.onread,
    });
    this.toUpstream = createOutbound({
      socket: this.upstream,
      faults: { ...conn.faults, resetAfterBytes: null },
      sink: UNRECORDED,
      budget: null,
    });
    this.upstream.on('connect', this.onUpstreamConnect);
    this.upstream.on('end', this.onUpstreamEnd);
    this.upstream.on('error', this.onUpstreamError);
    this.upstream.on('close', this.onUpstreamClose);
    this.timer = setTimeout(this.onConnectTimeout, config.connectTimeoutMs);
    this.publish();
  }

  // ---- Client side (called by the engine after recording) ----

  onData(data: Buffer, done?: () => void): void {
    if (this.state === 'failed') {
      done?.();
      return;
    }
    if (this.toUpstream.write(data, done) || this.clientPaused) return;
    this.clientPaused = true;
    this.conn.pause();
    this.toUpstream.onceDrained(this.resumeClient);
  }

  /** Client FIN → upstream FIN after what is queued; the upstream may still answer. */
  onClientEnd(): void {
    this.clientEnded = true;
    if (this.state === 'failed') return;
    this.toUpstream.end();
    this.halfClosed();
  }

  /**
   * The client is gone. After a clean close both ways the upstream has already sent its FIN and
   * ours follows its queue, so it closes by itself. A client that reset (or was reset by the
   * user or a fault) resets the upstream too, as a direct connection would have; any other end
   * (user close, port closed) closes it now.
   */
  onClose(reason: EndReason): void {
    this.clearTimer();
    const clean = this.clientEnded && this.upstreamEnded;
    if (!this.upstream.destroyed && !clean) {
      if (RESET_REASONS.has(reason) && this.connectedAt !== null) this.upstream.resetAndDestroy();
      else this.upstream.destroy();
    }
    if (this.state !== 'failed') this.setState('closed');
    this.gone = true;
  }

  // ---- Upstream side ----

  private readonly onUpstreamConnect = (): void => {
    this.clearTimer();
    if (this.gone) return;
    this.localAddress = this.upstream.localAddress ?? null;
    this.localPort = this.upstream.localPort ?? null;
    this.connectedAt = now();
    this.setState(this.clientEnded ? 'half-closed' : 'connected');
  };

  /** Returns false to stop reading (Node pauses the socket) until the client's side drains. */
  private readonly onUpstreamData = (data: Buffer, done: (() => void) | undefined): boolean => {
    if (this.conn.write(data, done)) return true;
    if (!this.upstreamPaused) {
      this.upstreamPaused = true;
      this.conn.onceDrained(this.resumeUpstream);
    }
    return false;
  };

  /** Upstream FIN → client FIN after what is queued; the client may still send. */
  private readonly onUpstreamEnd = (): void => {
    this.upstreamEnded = true;
    this.conn.end();
    this.halfClosed();
  };

  private readonly onUpstreamError = (error: Error): void => {
    this.clearTimer();
    if (this.gone || this.state === 'failed') return;
    const connected = this.connectedAt !== null;
    const info = upstreamError(error, this.config);
    this.setState('failed');
    this.resumeClientAfterFailure();
    if (connected && UPSTREAM_RESET_CODES.has(errnoCode(error) ?? '')) {
      // Had the client talked to the upstream directly, it would have got this RST itself; a FIN
      // would tell it the exchange ended normally (an HTTP/1.0 body read to EOF would look
      // complete). So the client is reset too. Like the upstream's own kernel on an abort, we
      // drop whatever was still queued for the client rather than deliver it after the fact.
      this.conn.reset('upstream-failed', info);
      return;
    }
    this.conn.fail(info, 'upstream-failed');
  };

  private readonly onUpstreamClose = (): void => {
    this.clearTimer();
    // The slots of earlier reads come back as their writes complete.
    this.upstreamReads.release();
    this.toUpstream.discard();
    if (!this.gone && this.state !== 'failed') this.setState('closed');
  };

  private readonly onConnectTimeout = (): void => {
    this.timer = null;
    if (this.gone || this.connectedAt !== null) return;
    this.upstream.destroy();
    this.setState('failed');
    this.resumeClientAfterFailure();
    this.conn.fail(upstreamTimeout(this.config, this.config.connectTimeoutMs), 'upstream-failed');
  };

  private readonly resumeClient = (): void => {
    this.clientPaused = false;
    this.conn.resume();
  };

  private readonly resumeUpstream = (): void => {
    this.upstreamPaused = false;
    this.upstream.resume();
  };

  /** What the client sent while waiting is still read (and recorded) before it is closed. */
  private resumeClientAfterFailure(): void {
    if (this.clientPaused) this.resumeClient();
  }

  private halfClosed(): void {
    if (this.state === 'connected' || (this.state === 'connecting' && this.connectedAt !== null)) {
      this.setState('half-closed');
    }
  }

  private clearTimer(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
  }

  private setState(state: UpstreamState): void {
    if (this.gone || this.state === state) return;
    this.state = state;
    this.publish();
  }

  private publish(): void {
    const info: UpstreamInfo = {
      host: this.config.host,
      port: this.config.port,
      state: this.state,
      localAddress: this.localAddress,
      localPort: this.localPort,
      connectedAt: this.connectedAt,
    };
    this.conn.setUpstream(info);
  }
}
