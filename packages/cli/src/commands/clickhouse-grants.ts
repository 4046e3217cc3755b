import { clickHouseGrantsSql } from '@sluice/core';
import { loadPipelineFile } from '@sluice/runtime';
import type { Command } from '../command';
import { configOption } from './shared-options';

/**
 * `sluice clickhouse grants -c FILE`: prints the SQL that creates a writer
 * role (sink, compactor) and a read-only reader role (dashboard, `sluice
 * query`, Grafana) for the objects the config generates, for an operator to
 * run on their ClickHouse server. It connects to nothing.
 */
export const clickhouseGrantsCommand: Command = {
  name: ['clickhouse', 'grants'],
  summary: 'print the SQL that creates the writer and read-only reader roles for the generated objects',
  usage: 'clickhouse grants -c sluice.yaml',
  options: { ...configOption },
  async run({ options, stdout, env }) {
    const config = await loadPipelineFile(String(options['config']), env, { readSecrets: false });
    stdout.write(clickHouseGrantsSql(config));
    return 0;
  },
};
