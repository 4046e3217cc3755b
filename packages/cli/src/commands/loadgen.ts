import { readFile, writeFile } from 'node:fs/promises';
import { SluiceError, createLogger, parseEventTime, secretsOf } from '@sluice/core';
import { progressReporter, runLoadgen } from '@sluice/producer';
import { jsonLineSink, loadPipelineFile } from '@sluice/runtime';
import { computeTruth, type TruthFile } from '@sluice/testkit';
import type { Command, CommandContext } from '../command';
import { configOption } from './shared-options';

/** `sluice loadgen`: deterministic app-navigation traffic with a ground-truth file. */
export const loadgenCommand: Command = {
  name: ['loadgen'],
  summary: 'send synthetic app-navigation events through ingest (or --direct to Kafka) and write the expected aggregates',
  usage:
    'loadgen -c sluice.yaml --events N --rate R [--late F] [--duplicates F] [--out-of-order F] [--spike X] [--truth FILE] [--seed S] [--direct] [--start T] [--time-step MS] [--url URL] [--source NAME] [--api-key-file FILE] (or SLUICE_INGEST_API_KEY)',
  options: {
    ...configOption,
    events: { type: 'string', short: 'n' },
    rate: { type: 'string', short: 'r' },
    late: { type: 'string' },
    duplicates: { type: 'string' },
    'out-of-order': { type: 'string' },
    spike: { type: 'string' },
    truth: { type: 'string' },
    seed: { type: 'string' },
    direct: { type: 'boolean', default: false },
    start: { type: 'string' },
    'time-step': { type: 'string' },
    url: { type: 'string' },
    source: { type: 'string' },
    'api-key-file': { type: 'string' },
  },
  async run(context) {
    const { options, stdout, stderr, env } = context;
    const number = numberReader(context);
    const events = number('events', { integer: true, min: 1 }) ?? 10_000;
    const rate = number('rate', { min: 0 }) ?? 1_000;
    if (rate <= 0) throw usageError('--rate', String(rate), 'a number of events per second above 0');
    const start = options['start'] === undefined ? undefined : parseEventTime(String(options['start']));
    if (options['start'] !== undefined && start === undefined) throw usageError('--start', String(options['start']), 'epoch milliseconds or ISO-8601');
    const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
    // Every option is checked before the config is read, so a typo fails fast.
    const shape = {
      ...optional('late', number('late', { min: 0, max: 1 })),
      ...optional('duplicates', number('duplicates', { min: 0, max: 1 })),
      ...optional('outOfOrder', number('out-of-order', { min: 0, max: 1 })),
      ...optional('spike', number('spike', { min: 1 })),
      ...optional('seed', number('seed', { integer: true, min: 0 })),
      ...optional('timeStepMs', number('time-step', { min: 0 })),
    };
    const config = await loadPipelineFile(String(options['config']), env);
    const apiKey = await ingestApiKey(options['api-key-file'] as string | undefined, env);
    const reporter = progressReporter(stdout);
    const truthFile = options['truth'] as string | undefined;
    let truth: TruthFile | undefined;
    const { progress } = await runLoadgen(config, {
      events,
      rate,
      ...shape,
      ...optional('startMs', start),
      ...optional('url', options['url'] as string | undefined),
      ...optional('source', options['source'] as string | undefined),
      ...optional('apiKey', apiKey),
      direct: options['direct'] === true,
      logger: createLogger({ module: 'loadgen', sink: jsonLineSink(stderr), level: 'warn', secrets: secretsOf(config) }),
      onProgress: (update) => reporter.update(update),
      // The truth is written before the first send, so a run that crashes still leaves it.
      onGenerated: async (generated) => {
        truth = computeTruth(config, generated);
        if (truthFile) await writeFile(truthFile, JSON.stringify(truth));
      },
    });
    reporter.done(progress);
    // runLoadgen calls onGenerated before it resolves, so the truth is set here.
    const { events: sent, distinctEvents, lateEventIds } = truth as TruthFile;
    stdout.write(`sent ${sent} records (${distinctEvents} distinct, ${lateEventIds.length} late)${truthFile ? `; truth in ${truthFile}` : ''}\n`);
    return 0;
  },
};

/** The ingest API key, from --api-key-file or SLUICE_INGEST_API_KEY (never a command-line value, which `ps` shows). */
async function ingestApiKey(file: string | undefined, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (file !== undefined) {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new SluiceError('LOADGEN_USAGE', `--api-key-file (${file}) cannot be read (${error.code ?? error.message})`);
    });
    return text.trim();
  }
  const fromEnv = env['SLUICE_INGEST_API_KEY'];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

interface Bounds {
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}

/** Reads a numeric option, failing with the option, the value and what is allowed. */
function numberReader({ options }: CommandContext) {
  return (name: string, bounds: Bounds): number | undefined => {
    const raw = options[name];
    if (raw === undefined) return undefined;
    const value = Number(raw);
    const ok = Number.isFinite(value) && (!bounds.integer || Number.isInteger(value)) && value >= (bounds.min ?? -Infinity) && value <= (bounds.max ?? Infinity);
    if (!ok) {
      const kind = bounds.integer ? 'a whole number' : 'a number';
      const range = bounds.max === 1 && bounds.min === 0 ? 'a fraction between 0 and 1' : `${kind}${bounds.min === undefined ? '' : ` of at least ${bounds.min}`}`;
      throw usageError(`--${name}`, String(raw), range);
    }
    return value;
  };
}

function usageError(option: string, value: string, allowed: string): SluiceError {
  return new SluiceError('LOADGEN_USAGE', `${option} (${value}) must be ${allowed}`);
}
