import type { PipelineConfig } from './types';

/** Every secret value a pipeline holds, for loggers and printers to replace wherever it would show. */
export function secretsOf(config: PipelineConfig): string[] {
  const values = [config.kafka.sasl?.password, config.schemaRegistry?.password, config.clickhouse.password, config.clickhouse.reader?.password];
  return values.filter((value): value is string => value !== undefined && value !== '');
}
