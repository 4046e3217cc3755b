import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parsePipeline, SluiceError, type PipelineConfig } from '@sluice/core';

/**
 * Reads and validates a `sluice.yaml`; a missing file says which path was
 * tried. `passwordFile` keys are read here, at the edge, so core stays free of I/O.
 */
export async function loadPipelineFile(path: string, env: Readonly<Record<string, string | undefined>> = {}): Promise<PipelineConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SluiceError('CONFIG_NOT_FOUND', `cannot read pipeline definition ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parsePipeline(text, { env, origin: path, readSecretFile: (file) => readFileSync(file, 'utf8') });
}
