// The machine view's command: this machine's listeners, read at most once at a time however
// many windows ask (each open view refreshes every 2 s; one /proc scan serves them all).

import type { CommandHandlers } from '../../shared/contract';
import type { MachineSnapshot } from '../../shared/machine';
import { ok } from '../../shared/errors';
import type { EngineCore } from '../core/engine-core';
import { createLocalAddressCheck } from '../port-holder/local-addresses';
import { SocketOwnerMemory } from './owner-memory';
import { takeMachineSnapshot, type OwnPort } from './take-machine-snapshot';

/** A reading this fresh is shared with the next caller instead of reading again. */
const SHARE_FOR_MS = 1000;

type MachineHandlers = Pick<CommandHandlers, 'listMachineSockets'>;

export function createMachineHandlers(core: EngineCore): MachineHandlers {
  const isLocalIp = createLocalAddressCheck();
  // Each refresh confirms last refresh's owners instead of scanning every process again.
  const memory = new SocketOwnerMemory();
  /** The reading in flight, or the last one. */
  let reading: Promise<MachineSnapshot> | null = null;
  let inFlight = false;
  let settledAt = Number.NEGATIVE_INFINITY;

  const ownPorts = (): OwnPort[] =>
    [...core.listeners.values()].flatMap((listener) => {
      const info = listener.snapshot();
      return info.port === null || info.state !== 'open'
        ? []
        : [{ listenerId: info.id, protocol: info.protocol, port: info.port }];
    });

  return {
    listMachineSockets: async () => {
      // One reading at a time, and one shared by every call within a second of its end: a slow
      // reading (a loaded machine) is never joined by a second one scanning /proc beside it.
      if (reading === null || (!inFlight && performance.now() - settledAt > SHARE_FOR_MS)) {
        inFlight = true;
        reading = takeMachineSnapshot(isLocalIp, {
          ownPorts: ownPorts(),
          linux: { memory },
        }).finally(() => {
          inFlight = false;
          settledAt = performance.now();
        });
      }
      return ok(await reading);
    },
  };
}
