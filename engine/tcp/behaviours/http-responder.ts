// The 'http' behaviour: every HTTP/1.x request on a connection gets the one configured response,
// in order, with keep-alive and pipelining. A responder, not a server framework: it reads requests
// only to know where each one ends (and whether the client wants the connection closed); the
// engine has already recorded every byte before they reach it.

import type { TcpBehaviour, BehaviourConnection, BehaviourSession } from '../tcp-behaviour';
import { HttpRequestParser, type ParserEvent, type RequestHead } from './http-request-parser';
import {
  badRequestResponse,
  buildResponses,
  CONTINUE_RESPONSE,
  type HttpResponderConfig,
  type HttpResponses,
} from './http-response';

export function createHttpResponder(config: HttpResponderConfig): TcpBehaviour {
  const responses = buildResponses(config);
  return {
    kind: 'http',
    attach: (conn) => new HttpSession(conn, responses),
  };
}

class HttpSession implements BehaviourSession {
  private readonly parser = new HttpRequestParser();
  private request: RequestHead | null = null;
  /** The client is not reading: its socket is paused and parsing waits for the drain. */
  private waiting = false;
  /** finish() was called (close requested, or malformed input): nothing more is sent. */
  private finishing = false;
  /** After a parse error or a 101, the rest of the stream is recorded but not parsed. */
  private parsing = true;
  private clientEnded = false;
  private ended = false;
  private closed = false;

  constructor(
    private readonly conn: BehaviourConnection,
    private readonly responses: HttpResponses,
  ) {}

  onData(data: Buffer): void {
    if (!this.parsing) return;
    this.parser.push(data);
    this.pump();
  }

  /**
   * Answer the complete requests already received, then end our side. A request still incomplete
   * at the FIN gets no 400: the client chose to stop sending, nothing it sent was malformed, and
   * the truncated request is in the capture for the user to see. We just end, as a server does
   * when a client gives up mid-request (RFC 9112 §8 makes an error response optional).
   */
  onClientEnd(): void {
    this.clientEnded = true;
    this.pump();
  }

  onClose(): void {
    this.closed = true;
    this.parsing = false;
  }

  /** Handle parsed events until the input runs out or the client stops reading. */
  private pump(): void {
    while (this.parsing && !this.waiting) {
      const event = this.parser.next();
      if (event === null) break;
      this.handle(event);
    }
    if (this.clientEnded && !this.waiting && !this.finishing && !this.ended && !this.closed) {
      this.ended = true;
      this.conn.end();
    }
  }

  private handle(event: ParserEvent): void {
    switch (event.type) {
      case 'head':
        this.request = event.head;
        if (event.head.expectContinue && hasBody(event.head)) this.send(CONTINUE_RESPONSE);
        return;
      case 'complete':
        this.respond(this.request as RequestHead);
        return;
      case 'error':
        // The 400 names the problem; after it the stream cannot be delimited, so close.
        this.close(badRequestResponse(event.reason));
        return;
    }
  }

  private respond(request: RequestHead): void {
    this.request = null;
    const close = !request.keepAlive || this.responses.alwaysCloses;
    const bytes = this.responses.pick(request.method === 'HEAD', close);
    if (close) {
      this.close(bytes);
    } else {
      this.send(bytes);
      if (this.responses.switchesProtocols) this.parsing = false;
    }
  }

  /** Last bytes on this connection: finish() flushes the queue, so no need to wait for drain. */
  private close(bytes: Buffer): void {
    this.parsing = false;
    this.finishing = true;
    this.conn.write(bytes);
    this.conn.finish('closed-by-behaviour');
  }

  /**
   * Write, and when the outbound queue is full stop reading from the client until it drains:
   * a pipelined flood from a client that never reads must not grow our memory.
   */
  private send(bytes: Buffer): void {
    if (this.conn.write(bytes)) return;
    this.waiting = true;
    this.conn.pause();
    this.conn.onceDrained(() => {
      if (this.closed) return;
      this.waiting = false;
      this.conn.resume();
      this.pump();
    });
  }
}

function hasBody(head: RequestHead): boolean {
  return head.framing === 'chunked' || head.contentLength > 0;
}
