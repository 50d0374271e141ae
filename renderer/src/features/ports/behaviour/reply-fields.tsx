// Fixed reply: what to send when a client connects (TCP only) and for each chunk or datagram.
import { useId } from 'react';
import type { ReplyDraft } from './behaviour-draft';
import { PayloadField } from '../../../components/payload-field/payload-field';
import type { SectionProps } from './section-props';

export function ReplyFields({ draft, errors, protocol, onChange }: SectionProps<ReplyDraft>) {
  const checkId = useId();
  const udp = protocol === 'udp';
  return (
    <>
      {udp ? null : (
        <PayloadField
          label="Reply on connect"
          optional
          placeholder="e.g. +OK ready\r\n"
          value={draft.onConnect}
          error={errors.onConnect}
          onChange={(onConnect) => onChange({ ...draft, onConnect }, 'onConnect')}
        />
      )}
      <PayloadField
        label={udp ? 'Reply to each datagram' : 'Reply to each chunk'}
        optional={!udp}
        placeholder={udp ? 'e.g. pong' : 'e.g. +OK\\r\\n'}
        value={draft.onData}
        error={errors.onData}
        onChange={(onData) => onChange({ ...draft, onData }, 'onData')}
      />
      <div className="check-row">
        <input
          id={checkId}
          type="checkbox"
          checked={draft.closeAfterReply}
          onChange={(event) =>
            onChange({ ...draft, closeAfterReply: event.target.checked }, 'onData')
          }
        />
        <label htmlFor={checkId}>Close after the first reply</label>
      </div>
    </>
  );
}
