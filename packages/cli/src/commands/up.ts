import { join, resolve } from 'node:path';
import { createLogger, redactText, redactUrl, secretsOf, type LogEntry } from '@sluice/core';
import { STOP_SIGNALS, loadPipelineFile, watchSignals } from '@sluice/runtime';
import type { Command } from '../command';
import { startPipeline, type RunningPipeline } from '../up/pipeline-up';
import { logTail } from '../up/wait-healthy';
import { generatedPasswordNote } from '../up/served-credentials';
import { scrape, statusLines, type MetricsEndpoint, type Scrape } from '../up/status-board';

/** The example pipeline `sluice up` runs when no `-c` is given: a tumbling, a hopping and a session view. */
export const BUNDLED_EXAMPLE = join(__dirname, '..', '..', 'assets', 'example.yaml');

/** Closing the terminal stops the pipeline too: its workers, in groups of their own, would outlive it otherwise. */
const UP_STOP_SIGNALS: readonly NodeJS.Signals[] = [...STOP_SIGNALS, 'SIGHUP'];

/** `sluice up`: the whole pipeline on one machine, with a live status, until Ctrl-C. */
export const upCommand: Command = {
  name: ['up'],
  summary: 'run everything on this machine: Kafka, embedded ClickHouse, every worker, demo load, dashboard',
  usage: 'up [-c sluice.yaml] [--no-load] [--rate EVENTS_PER_S] [--data DIR] [--clickhouse-port P]',
  options: {
    config: { type: 'string', short: 'c' },
    'no-load': { type: 'boolean', default: false },
    rate: { type: 'string', default: '200' },
    data: { type: 'string', default: '.sluice' },
    'clickhouse-port': { type: 'string', default: '8123' },
  },
  async run({ options, stdout, stderr, env }) {
    const configPath = resolve(typeof options['config'] === 'string' ? options['config'] : BUNDLED_EXAMPLE);
    const config = await loadPipelineFile(configPath, env);
    const logger = createLogger({ module: 'up', sink: humanLine(stderr), secrets: secretsOf(config) });
    stdout.write(`sluice up: ${configPath} (${config.views.map((view) => view.name).join(', ')})\n`);
    // From here on a stop signal (Ctrl-C, or the terminal closing) stops what started; the workers, in process
    // groups of their own, hear of it only from this process.
    const signals = watchSignals(UP_STOP_SIGNALS);
    const aborter = new AbortController();
    void signals.received.then(() => aborter.abort());
    let pipeline: RunningPipeline;
    try {
      pipeline = await startPipeline({
        configPath,
        config,
        dataDir: resolve(String(options['data'])),
        load: options['no-load'] !== true,
        loadRate: Number(options['rate']),
        clickhousePort: Number(options['clickhouse-port']),
        env,
        logger,
        abort: aborter.signal,
      });
    } catch (error) {
      signals.dispose();
      if (!aborter.signal.aborted) throw error;
      stdout.write('stopped while starting.\n');
      return 0;
    }
    stdout.write(
      [
        `dashboard:  ${pipeline.dashboardUrl}`,
        `ingest:     POST ${pipeline.ingestUrl}/v1/events`,
        `clickhouse: ${redactUrl(pipeline.clickhouseUrl)}  (npx sluice query -c ${configPath} "SELECT * FROM ${config.clickhouse.database}.${config.views[0]?.name ?? 'VIEW'} LIMIT 10")`,
        ...credentialLines(pipeline),
        `kafka:      ${pipeline.kafkaBootstrap}${config.kafka.sasl ? ` (SASL ${config.kafka.sasl.mechanism} as ${config.kafka.sasl.username})` : ''}`,
        `logs:       ${pipeline.logDir}`,
        'Ctrl-C stops everything.',
        '',
      ].join('\n'),
    );
    const endpoints: MetricsEndpoint[] = [
      { role: 'ingest', url: `http://127.0.0.1:${config.ingest.opsPort}/metrics` },
      { role: 'aggregator', url: `http://127.0.0.1:${config.aggregator.opsPort}/metrics` },
      { role: 'sink', url: `http://127.0.0.1:${config.sink.opsPort}/metrics` },
      { role: 'compactor', url: `http://127.0.0.1:${config.compactor.opsPort}/metrics` },
    ];
    const board = showStatus(endpoints, stdout);
    let exitCode = 1;
    const stopAll = async () => {
      board.stop();
      stdout.write('\nstopping: load, ingest, compactor, aggregator, sink, dashboard, ClickHouse, Kafka...\n');
      return pipeline.stop();
    };
    const outcome = await Promise.race([
      signals.received.then(async () => {
        exitCode = await stopAll();
        return 'signal' as const;
      }),
      pipeline.firstUnexpectedExit,
    ]);
    if (outcome !== 'signal') {
      stderr.write(`\n${outcome.role} exited on its own (code ${outcome.exitStatus}); its log ${outcome.logFile} ends:\n${redactText(await logTail(outcome.logFile), secretsOf(config))}\n`);
      await stopAll();
      exitCode = 1;
    }
    signals.dispose();
    stdout.write(
      `stopped. Data stays in ${resolve(String(options['data']))}` +
        `${pipeline.clickhouseDataPath ? ` (ClickHouse: ${pipeline.clickhouseDataPath})` : ''}; run sluice up again to continue.\n`,
    );
    return exitCode;
  },
};

/**
 * How to log in to the served ClickHouse: the generated password is shown on
 * the start that created it and never again (later starts name its file).
 */
function credentialLines(pipeline: RunningPipeline): string[] {
  const credentials = pipeline.clickhouseCredentials;
  if (!credentials) return [];
  const file = pipeline.clickhousePasswordFile;
  if (pipeline.clickhousePasswordGenerated) {
    return [`            user ${credentials.user}, password ${credentials.password}  (${generatedPasswordNote(file)})`];
  }
  return [`            user ${credentials.user}, password ${file ? `in ${file}` : 'as configured'}`];
}

/** Redraws the status in place on a terminal; prints a block every 10 s otherwise. */
function showStatus(endpoints: readonly MetricsEndpoint[], stdout: NodeJS.WritableStream): { stop(): void } {
  const tty = (stdout as NodeJS.WriteStream).isTTY === true;
  let previous: Scrape | undefined;
  let drawn = 0;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const current = await scrape(endpoints);
      const lines = statusLines(current, previous);
      previous = current;
      if (tty) stdout.write(`${drawn > 0 ? `\x1b[${drawn}A` : ''}${lines.map((line) => `\x1b[2K${line}`).join('\n')}\n`);
      else stdout.write(`${new Date(current.atMs).toISOString()}\n${lines.join('\n')}\n`);
      drawn = lines.length;
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), tty ? 1_000 : 10_000);
  return { stop: () => clearInterval(timer) };
}

/** `message key=value ...`: log lines for people, while the workers' JSON logs go to files. */
function humanLine(stream: NodeJS.WritableStream): (entry: LogEntry) => void {
  return ({ level, time: _time, module: _module, message, ...fields }) => {
    const extra = Object.entries(fields)
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    stream.write(`${level === 'info' ? '' : `${level}: `}${message}${extra ? ` ${extra}` : ''}\n`);
  };
}
