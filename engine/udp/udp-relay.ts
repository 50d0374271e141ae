// Relay for one UDP conversation: its own dgram socket, connect()ed to the upstream, so every
// datagram the upstream sends back belongs to this peer and no routing table is needed.
//
// UDP has no handshake, so "connected" only means the socket is aimed. A closed upstream port
// shows up later, as ECONNREFUSED after the ICMP port-unreachable of a forwarded datagram: the
// conversation shows UPSTREAM_REFUSED and stays open, and the next datagram simply tries again
// (on the next resolved address, if the host name had several, e.g. localhost → ::1 and
// 127.0.0.1 while the service listens on one of them only).

import { createSocket, type Socket } from 'node:dgram';
import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { BehaviourConfig } from '../../shared/behaviours';
import { appError, type ErrorInfo } from '../../shared/errors';
import type { UpstreamInfo, UpstreamState } from '../../shared/model';
import { errnoCode } from '../net/errno';
import { upstreamError } from '../net/upstream-error';
import { now } from '../core/clock';
import type { UdpBehaviour, UdpSession, UdpSessionHost } from './udp-behaviour';

type RelayConfig = Extract<BehaviourConfig, { kind: 'relay' }>;

/** Datagrams held while the host name resolves; more are dropped, as a full buffer would. */
const MAX_WAITING_DATAGRAMS = 256;

class UdpRelay implements UdpSession {
  private socket: Socket | null = null;
  private connected = false;
  private starting = false;
  private closed = false;
  private waiting: Buffer[] = [];
  /** Resolved once per conversation; kept so a refused address can give way to the next. */
  private addresses: LookupAddress[] | null = null;
  private addressIndex = 0;
  private info: UpstreamInfo;
  /** True while the conversation shows an error this relay set (cleared once traffic flows). */
  private showingError = false;

  constructor(
    private readonly config: RelayConfig,
    private readonly host: UdpSessionHost,
  ) {
    this.info = {
      host: config.host,
      port: config.port,
      state: 'connecting',
      localAddress: null,
      localPort: null,
      connectedAt: null,
    };
    host.setUpstream(this.info);
  }

  onDatagram(data: Buffer): void {
    this.host.later(data.byteLength, () => this.forward(data));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiting = [];
    this.dropSocket();
    this.publish({ state: 'closed' });
  }

  private forward(data: Buffer): void {
    if (this.closed) return;
    const socket = this.socket;
    if (this.connected && socket !== null) {
      this.send(socket, data);
      return;
    }
    if (this.waiting.length < MAX_WAITING_DATAGRAMS) this.waiting.push(data);
    if (!this.starting) void this.start();
  }

  private async start(): Promise<void> {
    this.starting = true;
    this.publish({ state: 'connecting' });
    const addresses = this.addresses ?? (await this.resolve());
    if (addresses === null || this.closed) {
      this.starting = false;
      return;
    }
    this.addresses = addresses;
    const target = addresses[this.addressIndex % addresses.length];
    if (target === undefined) {
      this.starting = false;
      return;
    }
    const socket = createSocket(target.family === 6 ? 'udp6' : 'udp4');
    this.socket = socket;
    socket.on('error', (error) => this.onSocketError(socket, error));
    socket.on('message', (message: Buffer) => this.fromUpstream(socket, message));
    try {
      socket.connect(this.config.port, target.address, () => this.onConnected(socket));
    } catch (error) {
      this.onSocketError(socket, error);
    }
  }

  /** The addresses to try, or null (with the error shown) when the name does not resolve. */
  private async resolve(): Promise<LookupAddress[] | null> {
    const host = this.config.host;
    const family = isIP(host);
    if (family !== 0) return [{ address: host, family }];
    try {
      const found = await lookup(host, { all: true });
      if (found.length > 0) return found;
      this.fail(appError('UPSTREAM_NOT_FOUND', { host }));
    } catch (error) {
      this.fail(upstreamError(error, this.config));
    }
    return null;
  }

  private onConnected(socket: Socket): void {
    if (socket !== this.socket || this.closed) return;
    this.connected = true;
    this.starting = false;
    const local = socket.address();
    this.publish({
      state: 'connected',
      localAddress: local.address,
      localPort: local.port,
      connectedAt: now(),
    });
    const waiting = this.waiting;
    this.waiting = [];
    for (const data of waiting) this.send(socket, data);
  }

  private send(socket: Socket, data: Buffer): void {
    try {
      socket.send(data, (error) => {
        if (error !== null && error !== undefined) this.onSocketError(socket, error);
      });
    } catch (error) {
      this.onSocketError(socket, error);
    }
  }

  private fromUpstream(socket: Socket, message: Buffer): void {
    if (socket !== this.socket || this.closed) return;
    if (this.showingError) {
      this.showingError = false;
      this.host.setError(null);
    }
    this.host.later(message.byteLength, () => this.host.sendToPeer(message));
  }

  /**
   * Errors of a connected UDP socket are reports about earlier datagrams, not a broken socket:
   * it stays usable. Only a socket that never got connected is dropped (the next datagram
   * retries); after a refusal we move on to the next resolved address, if there is one.
   */
  private onSocketError(socket: Socket, error: unknown): void {
    if (socket !== this.socket || this.closed) return;
    const refused = errnoCode(error) === 'ECONNREFUSED';
    this.show(upstreamError(error, this.config));
    const rotate = refused && (this.addresses?.length ?? 0) > 1;
    if (!this.connected || rotate) {
      if (rotate) this.addressIndex++;
      this.starting = false;
      this.waiting = [];
      this.dropSocket();
      this.publish({ state: 'failed' });
    }
  }

  private fail(error: ErrorInfo): void {
    this.waiting = [];
    this.show(error);
    this.publish({ state: 'failed' });
  }

  private show(error: ErrorInfo): void {
    this.showingError = true;
    this.host.setError(error);
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.connected = false;
    if (socket === null) return;
    try {
      socket.close();
    } catch {
      // Already closed.
    }
  }

  private publish(patch: Partial<UpstreamInfo> & { state: UpstreamState }): void {
    if (this.info.state === 'closed') return;
    this.info = { ...this.info, ...patch };
    this.host.setUpstream(this.info);
  }
}

export function createUdpRelay(config: RelayConfig): UdpBehaviour {
  return { kind: 'relay', start: (host) => new UdpRelay(config, host) };
}
