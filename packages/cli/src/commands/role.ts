import { ConfigError, SluiceError, redactText, secretsOf, type Logger, type PipelineConfig } from '@sluice/core';
import { connectionRefusal } from '@sluice/kafka';
import { EXIT_CODES, STOP_SIGNALS, loadPipelineFile, runWorker, watchSignals, type RunWorkerOptions, type Worker } from '@sluice/runtime';
import type { CommandContext } from '../command';

/** A long-running role, built from its config and ready for runWorker. */
export interface Role extends Pick<RunWorkerOptions, 'ops' | 'details' | 'announce'> {
  readonly worker: Worker;
  readonly logger: Logger;
  /** Closes what the command opened for the worker (a ClickHouse client) once the worker has ended. */
  readonly release?: () => Promise<void>;
}

/** A setting the role cannot run with (a bad --port, a config it cannot serve): exits EXIT_CODES.config. */
export class RoleSettingError extends SluiceError {
  constructor(message: string) {
    super('ROLE_SETTING_REFUSED', message);
  }
}

/**
 * The bootstrap every long-running role shares: loads the config, builds the
 * role, runs its worker through runWorker, then releases what the build
 * opened. What goes wrong before the worker runs becomes its exit code: a
 * config or setting refused (a RoleSettingError, or a ConfigError from a file the config names) exits EXIT_CODES.config, a failure while
 * building (ClickHouse unreachable) EXIT_CODES.startFailed.
 */
export async function runRole(context: CommandContext, command: string, build: (config: PipelineConfig) => Promise<Role>): Promise<number> {
  let secrets: readonly string[] = [];
  const refuse = (code: number, error: unknown) => {
    const message = error instanceof SluiceError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    context.stderr.write(`sluice ${command}: ${redactText(message, secrets)}\n`);
    return code;
  };
  let config: PipelineConfig;
  try {
    config = await loadPipelineFile(String(context.options['config']), context.env);
    secrets = secretsOf(config);
  } catch (error) {
    return refuse(EXIT_CODES.config, error);
  }
  let role: Role;
  try {
    role = await build(config);
  } catch (error) {
    return refuse(error instanceof RoleSettingError || error instanceof ConfigError ? EXIT_CODES.config : EXIT_CODES.startFailed, error);
  }
  const { worker, logger, release, ...options } = role;
  // runWorker ignores a further stop signal while the worker drains; this holds that until the release is done too,
  // so that a supervisor's SIGTERM after a Ctrl-C the worker already obeys cannot kill it on the way out.
  const hold = watchSignals(STOP_SIGNALS);
  try {
    return await runWorker(worker, {
      ...options,
      logger,
      stdout: context.stdout,
      stderr: context.stderr,
      explain: (error) => connectionRefusal(error, `connecting to Kafka at ${config.kafka.brokers.join(',')}`) ?? error,
    });
  } finally {
    await release?.().catch((error: unknown) => logger.warn(`could not release what ${worker.name} used`, { error }));
    hold.dispose();
  }
}
