import { run } from './run';

// The one place that ends the process: library code returns exit codes instead.
run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin }).then(
  (code) => {
    process.exitCode = code;
    // The command has decided its code; only the event loop is left to close. A stop signal now (a supervisor's
    // SIGTERM after a Ctrl-C the command already obeyed) ends the process with that code rather than by the signal.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(`sluice: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
