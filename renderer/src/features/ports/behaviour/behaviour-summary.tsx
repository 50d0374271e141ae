// One line under a port's address: protocol, what it does, faults, and what is actually bound.
import { describeBehaviour, hasFaults } from '../../../../../shared/behaviours';
import type { ListenerInfo } from '../../../../../shared/model';
import { boundText, faultsText } from './summary-text';

export function BehaviourSummary({ listener }: { readonly listener: ListenerInfo }) {
  const faults = hasFaults(listener.faults);
  const bound = boundText(listener);
  const describe = describeBehaviour(listener.behaviour);
  return (
    <div className="port-summary">
      <span className="badge badge-proto" title={`${listener.protocol.toUpperCase()} port`}>
        {listener.protocol.toUpperCase()}
      </span>
      <span
        className={`port-behaviour${listener.behaviour.kind === 'capture' ? '' : ' is-active'}`}
        title={describe}
      >
        {describe}
      </span>
      {faults ? (
        <span className="badge badge-warn" title={`Faults: ${faultsText(listener.faults)}`}>
          faults
        </span>
      ) : null}
      {bound !== null ? (
        <span className="port-bound mono" title={`Bound on ${bound}`}>
          {bound}
        </span>
      ) : null}
    </div>
  );
}
