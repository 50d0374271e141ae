// The data folder's settings: whether captures go to disk, and what retention keeps. Edits stay
// local until saved; a failed save keeps them (the toast says why). The engine applies retention
// as soon as settings change, so the form names what saving would delete before it is saved.
import { useId, useState, type FormEvent } from 'react';
import type { CaptureSettings } from '../../../../shared/model';
import { useStore } from '../../store/store';
import { plural } from '../../../../shared/format-bytes';
import { captureTitle, formatGiB, parseGiB } from './capture-text';
import { retentionVictims } from './retention';

function gibField(bytes: number): string {
  return formatGiB(bytes).replace(' GiB', '');
}

export function CaptureSettingsForm({ settings }: { readonly settings: CaptureSettings }) {
  const save = useStore((s) => s.saveCaptureSettings);
  const captures = useStore((s) => s.captures);
  const persistId = useId();
  const keepId = useId();
  const gibId = useId();
  const [persist, setPersist] = useState(settings.persist);
  const [keep, setKeep] = useState(String(settings.keepCaptures));
  const [gib, setGib] = useState(gibField(settings.keepBytes));
  const [saved, setSaved] = useState(false);

  const keepCaptures = /^\d+$/.test(keep.trim()) ? Number(keep) : null;
  const keepValid = keepCaptures !== null && keepCaptures >= 1 && keepCaptures <= 10_000;
  // The field shows GiB rounded; left as shown, it means the exact figure saved before.
  const keepBytes =
    gib.trim() === gibField(settings.keepBytes) ? settings.keepBytes : parseGiB(gib);
  const changed =
    persist !== settings.persist ||
    keepCaptures !== settings.keepCaptures ||
    keepBytes !== settings.keepBytes;

  // Retention runs when settings are saved; turning writing off only ends the capture being
  // recorded (nothing is deleted), turning it on starts a new one, which retention makes room for.
  const persistChanged = persist !== settings.persist;
  const victims =
    changed && keepValid && keepBytes !== null && captures !== null && (persist || !persistChanged)
      ? retentionVictims(captures, { keepCaptures, keepBytes }, persistChanged)
      : [];

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!keepValid || keepBytes === null) return;
    const result = await save({ persist, keepCaptures, keepBytes });
    if (result.ok) {
      setGib(gibField(result.value.keepBytes));
      setSaved(true);
    }
  };
  const edited = () => setSaved(false);

  return (
    <form
      className="capture-settings"
      aria-label="Capture settings"
      onSubmit={(event) => void onSubmit(event)}
    >
      <label className="capture-settings-check" htmlFor={persistId}>
        <input
          id={persistId}
          type="checkbox"
          checked={persist}
          onChange={(event) => {
            setPersist(event.target.checked);
            edited();
          }}
        />
        Write captures to disk
      </label>
      <label className="capture-settings-field" htmlFor={keepId}>
        Keep the last
        <input
          id={keepId}
          className="input capture-settings-number"
          inputMode="numeric"
          aria-label="Captures to keep"
          aria-invalid={!keepValid}
          value={keep}
          onChange={(event) => {
            setKeep(event.target.value);
            edited();
          }}
        />
        captures
      </label>
      <label className="capture-settings-field" htmlFor={gibId}>
        and at most
        <input
          id={gibId}
          className="input capture-settings-number"
          inputMode="decimal"
          aria-label="GiB to keep"
          aria-invalid={keepBytes === null}
          value={gib}
          onChange={(event) => {
            setGib(event.target.value);
            edited();
          }}
        />
        GiB
      </label>
      <button
        type="submit"
        className="btn btn-small"
        disabled={!changed || !keepValid || keepBytes === null}
      >
        Save settings
      </button>
      <span className="capture-settings-status" role="status">
        {saved ? 'Saved' : ''}
      </span>
      {victims.length > 0 ? (
        <p className="capture-settings-warning" role="alert">
          Saving deletes {plural(victims.length, 'capture', 'captures')} now:{' '}
          {victims.map(captureTitle).join(', ')}. This cannot be undone.
        </p>
      ) : null}
      <p className="capture-settings-hint">
        The oldest captures go first once there are more, or they take more room, than this. Turning
        writing to disk off or on ends the capture being recorded and starts the next one; off keeps
        it in memory only, gone when Porthole stops.
      </p>
    </form>
  );
}
