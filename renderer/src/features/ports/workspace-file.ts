// Workspace files, as the ports panel reads and writes them. Parsing is only JSON here: the
// engine checks the contents with the contract's own schema, so a file is judged the same way
// whichever window (or `porthole serve --workspace`) reads it.
import { appError, type ErrorInfo } from '../../../../shared/errors';

export const WORKSPACE_FILE_NAME = 'porthole-workspace.json';

/** A file's text as JSON, or the WORKSPACE_INVALID error a person sees for it. */
export function parseWorkspaceText(
  fileName: string,
  text: string,
): { ok: true; value: unknown } | { ok: false; error: ErrorInfo } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: appError('WORKSPACE_INVALID', { detail: `${fileName} is not JSON (${why})` }),
    };
  }
}

/** What the workspace file holds, as people read it (and diff it). */
export function workspaceText(workspace: unknown): string {
  return `${JSON.stringify(workspace, null, 2)}\n`;
}
