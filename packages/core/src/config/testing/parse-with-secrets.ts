import { ConfigError } from '../../errors/config-error';
import type { PipelineConfig } from '../types';
import { parsePipeline } from '../load';

const SOURCES = 'sources:\n  events: { topic: events, key: k, timestamp: ts }\n';

/** Parses `yaml` plus one source, with `env` as the environment and `files` as the only secret files that exist. */
export function parseWithSecrets(yaml: string, env: Record<string, string> = {}, files: Record<string, string> = {}): PipelineConfig {
  return parsePipeline(`${yaml}${SOURCES}`, {
    env,
    readSecretFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: ${path}`);
      return text;
    },
  });
}

/** The message of the ConfigError `run` throws; fails when it throws none. */
export function configErrorMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
