// The 'mock' behaviour on UDP: the peer's n-th datagram is answered with the datagrams the port
// sent after the recorded n-th one. A datagram that differs from the recorded one is marked on
// the conversation (the first one only); with onDivergence 'reset' the conversation ends there.

import type { MockConfig } from '../tcp/behaviours/mock';
import { firstDifference, type MockRecording } from '../mock/mock-script';
import { mockExchanges, type MockExchange } from '../mock/mock-answers';
import type { UdpBehaviour } from './udp-behaviour';

export function createUdpMock(config: MockConfig, recording: MockRecording): UdpBehaviour {
  let exchanges: Promise<MockExchange[] | null> | null = null;
  const loadExchanges = () => {
    exchanges ??= recording
      .load()
      .then((loaded) => (loaded.ok ? mockExchanges(loaded.value) : null));
    return exchanges;
  };
  return {
    kind: 'mock',
    start(host) {
      let index = 0;
      let offset = 0;
      let diverged = false;
      let closed = false;
      // Datagrams are handled in order even while the recording is still loading.
      let chain: Promise<void> = Promise.resolve();
      const handle = async (data: Buffer): Promise<void> => {
        const list = await loadExchanges();
        if (closed) return;
        if (list === null) {
          const loaded = await recording.load();
          if (!loaded.ok) host.setError(loaded.error);
          return;
        }
        const exchange = list[index];
        index++;
        const start = offset;
        offset += data.byteLength;
        if (!diverged) {
          const expected = exchange?.request ?? Buffer.alloc(0);
          const at = firstDifference(expected, 0, data);
          const differs = at !== null || data.byteLength < expected.length;
          if (differs) {
            diverged = true;
            host.markDiverged(start + (at ?? data.byteLength));
            if (config.onDivergence === 'reset') {
              closed = true;
              host.finish('diverged-reset');
              return;
            }
          }
        }
        for (const reply of exchange?.replies ?? []) {
          host.later(reply.byteLength, () => host.sendToPeer(reply));
        }
      };
      return {
        onDatagram: (data) => {
          chain = chain.then(() => handle(data));
        },
        close: () => {
          closed = true;
        },
      };
    },
  };
}
