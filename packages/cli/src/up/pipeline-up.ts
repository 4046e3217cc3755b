import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { clickHouseStorage, createClickHouse, type ServedCredentials } from '@sluice/clickhouse';
import type { Logger, PipelineConfig } from '@sluice/core';
import { startDashboard, type Dashboard } from '@sluice/dashboard';
import { ensureClickHouse } from './ensure-clickhouse';
import { DemoLoad } from './demo-load';
import { ensureKafka } from './ensure-kafka';
import { waitHealthy } from './wait-healthy';
import { WorkerProcess } from './worker-process';

export interface UpOptions {
  readonly configPath: string;
  readonly config: PipelineConfig;
  /** Holds the local broker's data, the workers' logs, and (by default) the embedded ClickHouse. */
  readonly dataDir: string;
  /** Run the demo load generator. */
  readonly load: boolean;
  /** Demo events per second. */
  readonly loadRate: number;
  readonly clickhousePort: number;
  readonly env: NodeJS.ProcessEnv;
  readonly logger: Logger;
  /** Aborted by a stop signal during the start: what started is stopped again and the start rejects. */
  readonly abort?: AbortSignal;
}

/** Everything `sluice up` started, and how to stop it. */
export interface RunningPipeline {
  readonly kafkaBootstrap: string;
  readonly clickhouseUrl: string;
  /** What the served embedded ClickHouse requires; absent for a ClickHouse server. */
  readonly clickhouseCredentials?: ServedCredentials;
  /** True on the start that generated the endpoint's password, the one time it is shown. */
  readonly clickhousePasswordGenerated: boolean;
  /** The 0600 file that keeps a generated password. */
  readonly clickhousePasswordFile?: string;
  readonly clickhouseDataPath?: string;
  readonly ingestUrl: string;
  readonly dashboardUrl: string;
  readonly logDir: string;
  readonly workers: readonly WorkerProcess[];
  /** Resolves with the first worker that exits on its own, which means the pipeline is broken. */
  readonly firstUnexpectedExit: Promise<WorkerProcess>;
  /** Stops everything in reverse order; resolves to 0 when every worker drained and exited cleanly. */
  stop(): Promise<number>;
}

/** The long-running roles, in start order: the sink first, since it creates the tables. */
const ROLES = [
  { role: 'sink', command: 'sink', health: (c: PipelineConfig) => c.sink.opsPort },
  { role: 'aggregator', command: 'aggregate', health: (c: PipelineConfig) => c.aggregator.opsPort },
  { role: 'compactor', command: 'compact', health: (c: PipelineConfig) => c.compactor.opsPort },
  { role: 'ingest', command: 'ingest', health: (c: PipelineConfig) => c.ingest.opsPort },
] as const;

/**
 * Starts the whole pipeline on one machine: Kafka (unless one answers), the
 * embedded ClickHouse served over HTTP, every worker as its own process, the
 * dashboard, and the demo load. Anything that fails to start stops what
 * already started.
 */
export async function startPipeline(options: UpOptions): Promise<RunningPipeline> {
  const { config, logger } = options;
  const logDir = join(options.dataDir, 'logs');
  await mkdir(logDir, { recursive: true });
  const undo: (() => Promise<unknown>)[] = [];
  const stopStarted = async () => {
    for (const step of undo.reverse()) await step();
  };
  try {
    const kafka = await ensureKafka(config.kafka, options.dataDir, logger);
    undo.push(() => kafka.release());
    const clickhouse = await ensureClickHouse(config.clickhouse, options.clickhousePort, options.dataDir, logger);
    undo.push(() => clickhouse.release());
    options.abort?.throwIfAborted();
    // The workers find the endpoint in their environment, so its credentials travel the same way (never on a command line).
    const credentials = clickhouse.credentials;
    const env = {
      ...options.env,
      SLUICE_KAFKA_BROKERS: kafka.bootstrap,
      SLUICE_CLICKHOUSE_URL: clickhouse.url,
      ...(credentials ? { SLUICE_CLICKHOUSE_USER: credentials.user, SLUICE_CLICKHOUSE_PASSWORD: credentials.password } : {}),
    };

    const workers: WorkerProcess[] = [];
    undo.push(() => Promise.all(workers.map((worker) => worker.stop())));
    for (const { role, command, health } of ROLES) {
      const worker = new WorkerProcess({ role, args: [command, '-c', options.configPath], env, logFile: join(logDir, `${role}.log`) });
      workers.push(worker);
      await waitHealthy(worker, `http://127.0.0.1:${health(config)}/readyz`);
      logger.info('worker is up', { role, pid: worker.pid });
      // The workers do not see the terminal's Ctrl-C, so a stop asked for while they start is honoured here.
      options.abort?.throwIfAborted();
    }

    const client = await createClickHouse({ ...config.clickhouse, url: clickhouse.url, ...(credentials ? { user: credentials.user, password: credentials.password } : {}) });
    undo.push(() => client.close());
    const dashboard: Dashboard = await startDashboard({ config, storage: clickHouseStorage(client), logger: logger.child('dashboard') });
    undo.push(() => dashboard.close());

    const ingestUrl = `http://127.0.0.1:${config.ingest.port}`;
    const demoLoad = options.load
      ? new DemoLoad({ configPath: options.configPath, ingestUrl, rate: options.loadRate, env, logDir, logger })
      : undefined;
    let stopping = false;
    const firstUnexpectedExit = Promise.race(
      workers.map((worker) => worker.whenExited().then(() => (stopping ? new Promise<WorkerProcess>(() => undefined) : worker))),
    );
    return {
      kafkaBootstrap: kafka.bootstrap,
      clickhouseUrl: clickhouse.url,
      ...(credentials ? { clickhouseCredentials: credentials } : {}),
      clickhousePasswordGenerated: clickhouse.passwordGenerated === true,
      ...(clickhouse.passwordFile === undefined ? {} : { clickhousePasswordFile: clickhouse.passwordFile }),
      ...(clickhouse.dataPath === undefined ? {} : { clickhouseDataPath: clickhouse.dataPath }),
      ingestUrl,
      dashboardUrl: dashboard.url,
      logDir,
      workers,
      firstUnexpectedExit,
      stop: async () => {
        stopping = true;
        // The load goes first so that ingest drains a finite stream, then the rest in reverse.
        await demoLoad?.stop();
        let clean = true;
        for (const worker of [...workers].reverse()) {
          if ((await worker.stop()) === 0) continue;
          clean = false;
          logger.warn('worker did not stop cleanly', { role: worker.role, ended: worker.howItEnded, log: worker.logFile });
        }
        workers.length = 0;
        await stopStarted();
        return clean ? 0 : 1;
      },
    };
  } catch (error) {
    await stopStarted();
    throw error;
  }
}
