import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parsePipeline, SluiceError, type PipelineConfig } from '@sluice/core';

/** How a config file is loaded. */
export interface LoadPipelineOptions {
  /**
   * False for commands that connect to nothing and only derive objects from
   * the views (`clickhouse grants`, `grafana`): the files `passwordFile` keys
   * name are then not read, so a deployment's config (whose secrets exist only
   * inside its containers) works on the operator's machine.
   */
  readonly readSecrets?: boolean;
}

/** Stands in for every password of a config loaded without its secrets. */
const UNREAD_SECRET = '<not read>';

/**
 * Reads and validates a `sluice.yaml`; a missing file says which path was
 * tried. `passwordFile` keys are read here, at the edge, so core stays free of I/O.
 */
export async function loadPipelineFile(path: string, env: Readonly<Record<string, string | undefined>> = {}, options: LoadPipelineOptions = {}): Promise<PipelineConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SluiceError('CONFIG_NOT_FOUND', `cannot read pipeline definition ${path}: ${(error as Error).message}`, { cause: error });
  }
  const readSecretFile = options.readSecrets === false ? () => UNREAD_SECRET : (file: string) => readFileSync(file, 'utf8');
  return parsePipeline(text, { env, origin: path, readSecretFile });
}
