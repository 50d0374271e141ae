// A shortcut's keys as <kbd> pieces: every alternative, "or" between them (or the first only).
import { Fragment } from 'react';
import { comboParts, keysFor, type ShortcutId } from '../../../../shared/shortcuts';
import { keyPlatform } from '../../lib/shortcut-hint';

export function ShortcutKeys({
  id,
  firstOnly = false,
}: {
  readonly id: ShortcutId;
  readonly firstOnly?: boolean;
}) {
  const platform = keyPlatform();
  const keys = keysFor(id, platform);
  return (
    <span className="shortcut-keys">
      {(firstOnly ? keys.slice(0, 1) : keys).map((combo, i) => (
        <Fragment key={combo}>
          {i > 0 ? <span className="shortcut-or">or</span> : null}
          <kbd className="shortcut-combo">
            {comboParts(combo, platform).map((part, j) => (
              <kbd key={j} className="shortcut-key">
                {part}
              </kbd>
            ))}
          </kbd>
        </Fragment>
      ))}
    </span>
  );
}
