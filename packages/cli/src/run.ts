import { parseArgs } from 'node:util';
import { SluiceError } from '@sluice/core';
import type { Command } from './command';
import { COMMANDS } from './commands';

interface Streams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin?: NodeJS.ReadableStream;
}

/** Finds the command named by the leading words of argv and runs it; resolves to the exit code. */
export async function run(argv: readonly string[], io: Streams, commands: readonly Command[] = COMMANDS): Promise<number> {
  const command = findCommand(argv, commands);
  if (!command || argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(help(command, commands));
    return command || argv.length === 0 || argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(command.name.length), options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr.write(`sluice ${command.name.join(' ')}: ${(error as Error).message}\nusage: sluice ${command.usage}\n`);
    return 2;
  }
  try {
    return await command.run({ options: parsed.values, positionals: parsed.positionals, ...io });
  } catch (error) {
    if (error instanceof SluiceError) {
      io.stderr.write(`sluice ${command.name.join(' ')}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function findCommand(argv: readonly string[], commands: readonly Command[]): Command | undefined {
  const matches = commands.filter((command) => command.name.every((word, index) => argv[index] === word));
  return matches.sort((a, b) => b.name.length - a.name.length)[0];
}

function help(command: Command | undefined, commands: readonly Command[]): string {
  if (command) return `usage: sluice ${command.usage}\n\n${command.summary}\n`;
  const width = Math.max(...commands.map((c) => c.name.join(' ').length));
  const lines = commands.map((c) => `  ${c.name.join(' ').padEnd(width)}  ${c.summary}`);
  return `usage: sluice <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun sluice <command> --help for its options.\n`;
}
