import type { Logger, LogLevel } from '@sluice/core';
import { logLevel, type logCreator as LogCreator } from 'kafkajs';

/** kafkajs levels and the Sluice level each is logged at. */
const LEVELS: ReadonlyMap<logLevel, LogLevel> = new Map([
  [logLevel.ERROR, 'error'],
  [logLevel.WARN, 'warn'],
  [logLevel.INFO, 'info'],
  [logLevel.DEBUG, 'debug'],
]);

/**
 * A kafkajs logCreator that writes to the Sluice logger under `<module>.kafkajs`,
 * one structured entry per kafkajs log line with its namespace and fields.
 */
export function sluiceLogCreator(logger: Logger): LogCreator {
  const kafkajsLogger = logger.child('kafkajs');
  return () =>
    ({ namespace, level, log }) => {
      const sluiceLevel = LEVELS.get(level);
      if (!sluiceLevel) return;
      // timestamp and logger duplicate what the Sluice entry already carries.
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      kafkajsLogger[sluiceLevel](message, namespace ? { namespace, ...fields } : fields);
    };
}

/** The kafkajs level that lets through entries at `level` and above. */
export function kafkajsLevel(level: LogLevel): logLevel {
  const found = [...LEVELS].find(([, sluiceLevel]) => sluiceLevel === level);
  return found ? found[0] : logLevel.INFO;
}
