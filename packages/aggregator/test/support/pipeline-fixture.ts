import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline, type PipelineConfig } from '@sluice/core';
import { createTestTopic, testBrokers } from '../../../../test/support/kafka';
import { SMALL_WINDOW_VIEWS_YAML } from '../../../../test/support/small-window-views';
import { uniqueName } from '../../../../test/support/unique-name';

/** A pipeline of its own for one test: fresh topics, a YAML file on disk and the parsed config. */
export interface PipelineFixture {
  readonly file: string;
  readonly config: PipelineConfig;
  readonly sourceTopic: string;
}

export const SOURCE_PARTITIONS = 3;

export interface PipelineFixtureOptions {
  readonly idleTimeoutMs?: number;
  /** Makes the source an Avro one, read through the registry at this URL. */
  readonly schemaRegistryUrl?: string;
  /** More views (YAML list items) after the small-window ones. */
  readonly extraViewsYaml?: string;
  /** `aggregator.checkpoints`; off unless told. */
  readonly checkpoints?: boolean;
}

/** The small-window views, out-of-orderness 2s, idle timeout 1.5s unless told. */
export async function createPipelineFixture(
  prefix: string,
  { idleTimeoutMs = 1_500, schemaRegistryUrl, extraViewsYaml = '', checkpoints = false }: PipelineFixtureOptions = {},
): Promise<PipelineFixture> {
  const name = uniqueName(prefix);
  const sourceTopic = await createTestTopic(`${name}_events`, SOURCE_PARTITIONS);
  const yaml = `
name: ${name}
kafka:
  brokers: [${testBrokers().map((broker) => JSON.stringify(broker)).join(', ')}]
  clientId: ${name}
  topics: { results: ${name}.results, late: ${name}.late, deadLetter: ${name}.dlq, state: ${name}.state }
aggregator: { opsPort: 0, updateInterval: 500, maxOutOfOrderness: 2000, idleTimeout: ${idleTimeoutMs}, commitInterval: 1000, checkpoints: ${checkpoints} }
${schemaRegistryUrl === undefined ? '' : `schemaRegistry: { url: ${JSON.stringify(schemaRegistryUrl)} }`}
sources:
  events: { topic: ${sourceTopic}, key: user_id, timestamp: ts, partitions: ${SOURCE_PARTITIONS}${schemaRegistryUrl === undefined ? '' : ', format: avro'} }
views:${SMALL_WINDOW_VIEWS_YAML}${extraViewsYaml}`;
  const dir = await mkdtemp(join(tmpdir(), `${name}-`));
  const file = join(dir, 'sluice.yaml');
  await writeFile(file, yaml);
  return { file, config: parsePipeline(yaml, { env: {}, origin: file }), sourceTopic };
}
