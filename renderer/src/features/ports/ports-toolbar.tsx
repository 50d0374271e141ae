// What acts on the set of ports rather than one: "Open all" (after a restart every remembered
// port is back, closed) and the workspace file, exported and imported. A refused file is shown
// here, with the field the engine named, until dismissed or replaced by the next try.
import { useRef, useState, type ChangeEvent } from 'react';
import type { ErrorInfo } from '../../../../shared/errors';
import { useEngine } from '../../bridge/engine-context';
import { ErrorAlert } from '../../components/error-alert';
import { downloadText } from '../../lib/download-file';
import { plural } from '../../../../shared/format-bytes';
import { isReopenable } from '../../store/listeners-slice';
import { useStore } from '../../store/store';
import { parseWorkspaceText, WORKSPACE_FILE_NAME, workspaceText } from './workspace-file';
import { WorkspaceMenu } from './workspace-menu';

type Outcome = { readonly error: ErrorInfo } | { readonly done: string } | null;

export function PortsToolbar() {
  const engine = useEngine();
  const reportError = useStore((s) => s.reportError);
  const importWorkspace = useStore((s) => s.importWorkspace);
  const openAllPorts = useStore((s) => s.openAllPorts);
  const anyClosed = useStore((s) => s.listenerOrder.some((id) => isReopenable(s.listeners[id])));
  const fileRef = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const onExport = async () => {
    const result = await engine.exportWorkspace({});
    if (result.ok) downloadText(WORKSPACE_FILE_NAME, workspaceText(result.value));
    else reportError('Could not export the workspace', result.error);
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    const file = input.files?.[0];
    // Cleared so that choosing the same file again (after fixing it) is a change too.
    input.value = '';
    if (!file) return;
    const parsed = parseWorkspaceText(file.name, await file.text());
    if (!parsed.ok) {
      setOutcome({ error: parsed.error });
      return;
    }
    const result = await importWorkspace(parsed.value);
    setOutcome(
      result.ok
        ? { done: `Imported ${plural(result.value.length, 'port', 'ports')} from ${file.name}` }
        : { error: result.error },
    );
  };

  return (
    <>
      <span className="panel-header-spacer" />
      {anyClosed ? (
        <button
          type="button"
          className="btn btn-small btn-primary"
          title="Open every closed port again, each on the port it had"
          onClick={() => void openAllPorts()}
        >
          Open all
        </button>
      ) : null}
      <WorkspaceMenu
        actions={[
          { label: 'Export workspace', run: () => void onExport() },
          { label: 'Import workspace…', run: () => fileRef.current?.click() },
        ]}
      />
      <input
        ref={fileRef}
        type="file"
        accept=".json,application/json"
        // Chosen through the menu item; hidden, so it is neither a tab stop nor a second button.
        hidden
        aria-label="Workspace file to import"
        onChange={(event) => void onFile(event)}
      />
      {outcome !== null ? (
        <div className="ports-outcome">
          {'error' in outcome ? (
            <ErrorAlert error={outcome.error} />
          ) : (
            <p className="ports-outcome-done" role="status">
              {outcome.done}
            </p>
          )}
          <button
            type="button"
            className="btn btn-small btn-ghost"
            aria-label={'error' in outcome ? 'Dismiss the import error' : 'Dismiss'}
            onClick={() => setOutcome(null)}
          >
            Dismiss
          </button>
        </div>
      ) : null}
    </>
  );
}
