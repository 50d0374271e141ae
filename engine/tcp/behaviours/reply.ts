// The 'reply' behaviour: a fixed payload when a client connects and/or for every chunk it sends,
// optionally closing once the first reply is out. Payloads arrive decoded (core/reply-payloads.ts).

import type { ReplyPayloads } from '../../core/reply-payloads';
import type { TcpBehaviour, BehaviourConnection, BehaviourSession } from '../tcp-behaviour';

export function createReplyBehaviour(reply: ReplyPayloads): TcpBehaviour {
  const { onConnect, onData, closeAfterReply } = reply;
  return {
    kind: 'reply',
    attach(conn) {
      if (onConnect !== null) {
        conn.write(onConnect);
        // With no per-chunk reply, the greeting is the first (and only) reply.
        if (closeAfterReply && onData === null) conn.finish('closed-by-behaviour');
      }
      // Nothing to answer: the engine ends our side after the client's FIN, as capture does.
      return onData === null ? {} : new ReplySession(conn, onData, closeAfterReply);
    },
  };
}

class ReplySession implements BehaviourSession {
  private done = false;
  private paused = false;

  constructor(
    private readonly conn: BehaviourConnection,
    private readonly reply: Buffer,
    private readonly closeAfterReply: boolean,
  ) {}

  /** One reply per received chunk (per socket read: TCP keeps no message boundaries). */
  onData(): void {
    if (this.done) return;
    const roomy = this.conn.write(this.reply);
    if (this.closeAfterReply) {
      this.done = true;
      this.conn.finish('closed-by-behaviour');
    } else if (!roomy && !this.paused) {
      // A client that sends without reading must not make us queue replies without bound.
      this.paused = true;
      this.conn.pause();
      this.conn.onceDrained(this.resume);
    }
  }

  private readonly resume = (): void => {
    this.paused = false;
    this.conn.resume();
  };
}
