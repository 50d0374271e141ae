// Traffic rates for the I/O graph: bytes per second per port and for all ports, sampled from
// the listeners' cumulative counters each time a frame applied new listener snapshots. Kept in
// the store (not in the graph's component) so the last ten minutes are there when the graph is
// first opened. The history is mutable and outside React state: a frame writes a few numbers
// into a ring, and the graph redraws from it on its own schedule.
import type { StateCreator } from 'zustand';
import type { PortholeState } from './porthole-state';
import { ALL_PORTS, CounterSampler, RateHistory } from './rate-history';

export interface TrafficSlice {
  readonly trafficRates: RateHistory;
}

export const createTrafficSlice: StateCreator<PortholeState, [], [], TrafficSlice> = (
  _set,
  _get,
  api,
) => {
  const rates = new RateHistory();
  let sampler = new CounterSampler(rates);
  let listeners: PortholeState['listeners'] | null = null;
  let shown: PortholeState['shownCapture'] | undefined;
  // A subscription, not a reducer in apply-ops: sampling needs only the frame's result, and it
  // costs one reference check per store update when the listeners did not change.
  api.subscribe((state) => {
    if (state.listeners === listeners) return;
    listeners = state.listeners;
    if (state.shownCapture !== shown) {
      // Another capture's counters are not a continuation of these: new baselines.
      shown = state.shownCapture;
      sampler = new CounterSampler(rates);
    }
    const at = Date.now();
    let totalIn = 0;
    let totalOut = 0;
    for (const l of Object.values(listeners)) {
      const d = sampler.observe(l.id, l.bytesIn, l.bytesOut, at);
      totalIn += d.in;
      totalOut += d.out;
    }
    rates.add(ALL_PORTS, 'in', totalIn, at);
    rates.add(ALL_PORTS, 'out', totalOut, at);
  });
  return { trafficRates: rates };
};
