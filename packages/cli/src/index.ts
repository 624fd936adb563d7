export { runCli, mainHelp, GLOBAL_OPTIONS, GLOBAL_HELP, VERSION } from './cli.ts';
export { commands } from './commands/registry.ts';
export type { Command, CommandArgs, CommandContext, GlobalOptions, Io, OptionSpecs } from './command.ts';
export { CliError, UsageError, AuthRequiredError } from './errors/cli-error.ts';
export { EXIT, EXIT_CODES_HELP, exitCodeOf, messageOf } from './errors/exit-codes.ts';
export { Output } from './output/output.ts';
export { renderTable, renderPairs } from './output/table.ts';
export type { Column } from './output/table.ts';
export { ProgressBar } from './output/progress.ts';
