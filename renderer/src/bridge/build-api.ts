// Both bridges build their PortholeApi the same way: one function per command name from the
// contract, plus onBatch. The mapped type ties each name to its own argument and result types,
// so a bridge cannot return the wrong shape for a command or forget one.
import {
  COMMAND_NAMES,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type PortholeApi,
} from '../../../shared/contract';
import type { Result } from '../../../shared/errors';

export type CommandFunction<K extends CommandName> = (
  args: CommandArgs<K>,
) => Promise<Result<CommandResult<K>>>;

export type CommandFunctions = { readonly [K in CommandName]: CommandFunction<K> };

export function buildApi(
  make: <K extends CommandName>(name: K) => CommandFunction<K>,
  onBatch: PortholeApi['onBatch'],
): PortholeApi {
  const commands: Partial<Record<CommandName, unknown>> = {};
  // COMMAND_NAMES is Object.keys(commands) of the contract: every name, each once.
  for (const name of COMMAND_NAMES) commands[name] = make(name);
  return { ...(commands as CommandFunctions), onBatch };
}
