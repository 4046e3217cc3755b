import { createLogger, type LogEntry } from '@sluice/core';
import { logLevel } from 'kafkajs';
import { kafkajsLevel, sluiceLogCreator } from './log-creator';

describe('sluiceLogCreator', () => {
  it('writes kafkajs entries to the Sluice logger with their level, namespace and fields', () => {
    const entries: LogEntry[] = [];
    const logger = createLogger({ module: 'aggregator', sink: (entry) => entries.push(entry), level: 'debug' });
    const log = sluiceLogCreator(logger)(logLevel.INFO);

    log({
      namespace: 'Consumer',
      level: logLevel.WARN,
      label: 'WARN',
      log: { timestamp: '2026-01-01T00:00:00.000Z', logger: 'kafkajs', message: 'Restarting the consumer', retryTime: 300 },
    });

    expect(entries).toEqual([
      expect.objectContaining({ level: 'warn', module: 'aggregator.kafkajs', message: 'Restarting the consumer', namespace: 'Consumer', retryTime: 300 }),
    ]);
    expect(entries[0]).not.toHaveProperty('logger');
  });

  it('maps Sluice levels to kafkajs levels', () => {
    expect(kafkajsLevel('error')).toBe(logLevel.ERROR);
    expect(kafkajsLevel('debug')).toBe(logLevel.DEBUG);
  });
});
