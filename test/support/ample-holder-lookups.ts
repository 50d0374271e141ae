// Tests that check *who* holds a port (pid, name) rather than how fast the lookup is: on a busy
// machine scanning /proc can outlast the engine's 1.5 s cap (which port-holder.test.ts tests on
// an injected clock) and leave the holder unnamed. Call at the top of a suite or file: the
// engine's own lookups get 30 s while it runs, and the cap is put back after.

import { after, before } from 'node:test';
import { setDefaultHolderTimeout } from '../../engine/port-holder/find-port-holders';

export function ampleHolderLookups(): void {
  let restore: () => void = () => undefined;
  before(() => {
    restore = setDefaultHolderTimeout(30_000);
  });
  after(() => restore());
}
