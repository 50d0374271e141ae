// The Electron preload's bridge, wrapped so that a rejected IPC call or a throwing subscription
// still reaches callers as a result envelope: the renderer never has to try/catch a command.
import { COMMAND_NAMES, type BatchListener, type PortholeApi } from '../../../shared/contract';
import { internalFailure } from './failures';

type AnyCommand = (args: unknown) => Promise<unknown>;

export function wrapInjectedBridge(injected: PortholeApi): PortholeApi {
  const source = injected as unknown as Record<string, AnyCommand | undefined>;
  const api: Record<string, unknown> = {
    onBatch(listener: BatchListener) {
      try {
        return injected.onBatch(listener);
      } catch (error) {
        console.error('Porthole: cannot subscribe to engine events', error);
        return () => undefined;
      }
    },
  };
  for (const name of COMMAND_NAMES) {
    api[name] = async (args: unknown) => {
      try {
        const command = source[name];
        if (!command) return internalFailure(new Error(`the bridge lacks ${name}`));
        return await command(args ?? {});
      } catch (error) {
        return internalFailure(error);
      }
    };
  }
  return api as unknown as PortholeApi;
}
