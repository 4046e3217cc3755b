import type { ParseArgsConfig } from 'node:util';

/** What a command gets to work with: its parsed options and positionals, and where to write. */
export interface CommandContext {
  readonly options: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  /** What the user pipes in, for commands that read a secret (never from argv, where `ps` shows it). */
  readonly stdin?: NodeJS.ReadableStream;
}

/** One `sluice` sub-command. `run` resolves to the process exit code. */
export interface Command {
  /** Words after `sluice`, e.g. `['kafka', 'up']`. */
  readonly name: readonly string[];
  readonly summary: string;
  /** Usage line shown by `--help`, without the leading `sluice`. */
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(context: CommandContext): Promise<number>;
}
