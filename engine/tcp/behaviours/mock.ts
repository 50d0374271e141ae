// The 'mock' behaviour on TCP: every client gets the recorded server side of one connection.
// With 'turns' each recorded answer waits until the client has sent as many bytes as the
// recorded client had by then; with 'schedule' answers go at their recorded times. The client's
// bytes are compared with the recording as they arrive, and the first difference is marked on
// the connection (or, with onDivergence 'reset', the client is reset there).

import type { BehaviourConfig } from '../../../shared/behaviours';
import { firstDifference, type MockRecording, type MockScript } from '../../mock/mock-script';
import { mockAnswers, type MockAnswer } from '../../mock/mock-answers';
import type { BehaviourConnection, BehaviourSession, TcpBehaviour } from '../tcp-behaviour';

export type MockConfig = Extract<BehaviourConfig, { kind: 'mock' }>;

export function createMockBehaviour(config: MockConfig, recording: MockRecording): TcpBehaviour {
  return { kind: 'mock', attach: (conn) => new MockSession(conn, config, recording) };
}

class MockSession implements BehaviourSession {
  private script: MockScript | null = null;
  private answers: MockAnswer[] = [];
  private nextAnswer = 0;
  private received = 0;
  private diverged = false;
  private gone = false;
  private clientEnded = false;
  /** Client bytes that arrived before the recording was loaded, in order. */
  private early: Buffer[] = [];
  private readonly queue: Buffer[] = [];
  private waitingForDrain = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly conn: BehaviourConnection,
    private readonly config: MockConfig,
    recording: MockRecording,
  ) {
    void recording.load().then((loaded) => {
      if (this.gone) return;
      if (!loaded.ok) {
        this.conn.fail(loaded.error, 'closed-by-behaviour');
        return;
      }
      this.start(loaded.value);
    });
  }

  onData(data: Buffer): void {
    if (this.script === null) {
      this.early.push(data);
      return;
    }
    this.take(data);
  }

  onClientEnd(): void {
    this.clientEnded = true;
    if (this.script !== null) this.endIfDone();
  }

  onClose(): void {
    this.gone = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.queue.length = 0;
  }

  private start(script: MockScript): void {
    this.script = script;
    this.answers = mockAnswers(script);
    if (this.config.timing === 'schedule') {
      for (const answer of this.answers) {
        this.timers.push(setTimeout(() => this.send(answer), Math.max(0, answer.at)));
      }
      this.nextAnswer = this.answers.length;
    }
    // A server that speaks first (a greeting) answers before any client byte.
    this.sendDue();
    const early = this.early;
    this.early = [];
    for (const data of early) this.take(data);
    if (this.clientEnded) this.endIfDone();
  }

  private take(data: Buffer): void {
    const script = this.script;
    if (script === null || this.gone) return;
    if (!this.diverged) {
      const at = firstDifference(script.inBytes, this.received, data);
      if (at !== null) {
        this.diverged = true;
        this.conn.markDiverged(at);
        if (this.config.onDivergence === 'reset') {
          this.gone = true;
          this.conn.reset('diverged-reset');
          return;
        }
      }
    }
    this.received += data.byteLength;
    this.sendDue();
  }

  /** Turn-taking: every answer whose client bytes have all arrived. */
  private sendDue(): void {
    while (this.nextAnswer < this.answers.length) {
      const answer = this.answers[this.nextAnswer];
      if (answer === undefined || answer.after > this.received) break;
      this.nextAnswer++;
      this.send(answer);
    }
  }

  private send(answer: MockAnswer): void {
    if (this.gone) return;
    this.queue.push(...answer.writes);
    this.pump();
  }

  /** One recorded write per write, in order, pausing while the client does not read. */
  private readonly pump = (): void => {
    this.waitingForDrain = false;
    while (this.queue.length > 0 && !this.gone) {
      const next = this.queue.shift();
      if (next === undefined) break;
      if (!this.conn.write(next)) {
        this.waitingForDrain = true;
        this.conn.onceDrained(this.pump);
        return;
      }
    }
    this.endIfDone();
  };

  /** The client has finished: end our side once what it is owed has been sent. */
  private endIfDone(): void {
    if (!this.clientEnded || this.waitingForDrain || this.queue.length > 0 || this.gone) return;
    this.conn.end();
  }
}
