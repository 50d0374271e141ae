import { useId, useState, type FormEvent } from 'react';
import type { Direction } from '../../../../shared/model';
import { DIRECTION_LABEL } from './direction-text';
import { parseOffset } from './parse-offset';

interface Props {
  readonly onGo: (direction: Direction, offset: number) => Promise<string | null>;
}

export function GoToOffset({ onGo }: Props) {
  const [text, setText] = useState('');
  const [direction, setDirection] = useState<Direction>('in');
  const [message, setMessage] = useState<string | null>(null);
  const messageId = useId();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const offset = parseOffset(text);
    if (offset === null || !Number.isSafeInteger(offset)) {
      setMessage('Enter a byte offset: decimal (4096) or hex (0x1000).');
      return;
    }
    setMessage(await onGo(direction, offset));
  };

  return (
    <form className="goto" aria-label="Go to offset" onSubmit={onSubmit}>
      <select
        className="select select-compact"
        aria-label="Direction"
        value={direction}
        onChange={(event) => setDirection(event.target.value as Direction)}
      >
        <option value="in">{DIRECTION_LABEL.in}</option>
        <option value="out">{DIRECTION_LABEL.out}</option>
      </select>
      <input
        className="input input-compact mono"
        aria-label="Offset"
        placeholder="offset, e.g. 0x1000"
        value={text}
        aria-invalid={message !== null}
        aria-describedby={message ? messageId : undefined}
        onChange={(event) => {
          setText(event.target.value);
          setMessage(null);
        }}
      />
      <button type="submit" className="btn btn-small">
        Go
      </button>
      {message ? (
        <span id={messageId} className="goto-message" role="alert">
          {message}
        </span>
      ) : null}
    </form>
  );
}
