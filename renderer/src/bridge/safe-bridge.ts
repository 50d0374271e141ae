// The Electron preload's bridge, wrapped so that a rejected IPC call or a throwing subscription
// still reaches callers as a result envelope: the renderer never has to try/catch a command.
import type { BatchListener, CommandName, PortholeApi } from '../../../shared/contract';
import { buildApi, type CommandFunction } from './build-api';
import { internalFailure } from './failures';

export function wrapInjectedBridge(injected: PortholeApi): PortholeApi {
  const wrap =
    <K extends CommandName>(name: K): CommandFunction<K> =>
    async (args) => {
      try {
        // The preload is another bundle: do not trust it to have every command.
        const command = injected[name] as CommandFunction<K> | undefined;
        if (typeof command !== 'function') {
          return internalFailure(new Error(`the bridge lacks ${name}`));
        }
        return await command(args ?? {});
      } catch (error) {
        return internalFailure(error);
      }
    };
  const api = buildApi(wrap, (listener: BatchListener) => {
    try {
      return injected.onBatch(listener);
    } catch (error) {
      console.error('Porthole: cannot subscribe to engine events', error);
      return () => undefined;
    }
  });
  // The desktop's extras beyond the commands: a dropped file's import (the preload finds its
  // path) and the native menu's commands. Passed on only where the preload has them, since
  // their presence is how the page knows it runs on the desktop.
  const { importDroppedFile, onMenuCommand } = injected;
  return {
    ...api,
    ...(typeof importDroppedFile === 'function'
      ? {
          importDroppedFile: async (file: unknown) => {
            try {
              return await importDroppedFile(file);
            } catch (error) {
              return internalFailure(error);
            }
          },
        }
      : {}),
    ...(typeof onMenuCommand === 'function' ? { onMenuCommand } : {}),
  };
}
