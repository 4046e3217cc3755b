/**
 * A log4j2 configuration that sends every broker log line to `logFile`, rolled
 * at 10 MB with two old files kept, so that a long-running local broker cannot
 * fill the disk. Request and state-change chatter is kept at WARN.
 */
export function log4jConfig(logFile: string): string {
  const file = logFile.replace(/\\/g, '/');
  return [
    'status = warn',
    'appender.file.type = RollingFile',
    'appender.file.name = file',
    `appender.file.fileName = ${file}`,
    `appender.file.filePattern = ${file}.%i`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'appender.file.policies.type = Policies',
    'appender.file.policies.size.type = SizeBasedTriggeringPolicy',
    'appender.file.policies.size.size = 10MB',
    'appender.file.strategy.type = DefaultRolloverStrategy',
    'appender.file.strategy.max = 2',
    'rootLogger.level = info',
    'rootLogger.appenderRef.file.ref = file',
    'logger.request.name = kafka.request.logger',
    'logger.request.level = warn',
    'logger.state.name = state.change.logger',
    'logger.state.level = warn',
    'logger.network.name = kafka.network.RequestChannel$',
    'logger.network.level = warn',
    '',
  ].join('\n');
}
