// The 'echo' behaviour: send back exactly what arrives, through the port's faults. A client that
// sends but does not read would otherwise grow our queue without bound, so reading from it pauses
// while the queue is full.

import type { TcpBehaviour, BehaviourConnection, BehaviourSession } from '../tcp-behaviour';

class EchoSession implements BehaviourSession {
  private paused = false;

  constructor(private readonly conn: BehaviourConnection) {}

  onData(data: Buffer): void {
    if (this.conn.write(data) || this.paused) return;
    this.paused = true;
    this.conn.pause();
    this.conn.onceDrained(this.resume);
  }

  /** The client's FIN follows the echoed bytes: end after the queue, as a pipe would. */
  onClientEnd(): void {
    this.conn.end();
  }

  private readonly resume = (): void => {
    this.paused = false;
    this.conn.resume();
  };
}

export const echoBehaviour: TcpBehaviour = {
  kind: 'echo',
  attach: (conn) => new EchoSession(conn),
};
