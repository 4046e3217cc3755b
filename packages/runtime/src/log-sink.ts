import type { LogEntry, LogSink } from '@sluice/core';

/** Writes each entry as one JSON line, the form log collectors read. */
export function jsonLineSink(stream: NodeJS.WritableStream = process.stderr): LogSink {
  return (entry: LogEntry) => {
    stream.write(`${JSON.stringify(entry)}\n`);
  };
}
