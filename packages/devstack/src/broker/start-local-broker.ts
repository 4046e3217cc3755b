import { spawn } from 'node:child_process';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  brokerFiles,
  brokerLogTail,
  readBrokerState,
  readPid,
  writeBrokerState,
  writePid,
  type BrokerFiles,
} from './broker-files';
import { isBrokerProcess } from './broker-process';
import { resolveKafkaDistribution, type KafkaDistribution } from './distribution';
import { assertJavaAvailable } from './java';
import { LOCAL_BROKER_ERROR_CODES, LocalBrokerError } from './local-broker-error';
import { log4jConfig } from './log4j-config';
import { assertPortFree, findFreePort, isPortFree } from './ports';
import { answersMetadata } from './probe-metadata';
import type { SaslSslListener } from './sasl-ssl-listener';
import { serverProperties } from './server-properties';
import { stopLocalBroker } from './stop-local-broker';
import { formatStorage, isStorageFormatted } from './storage';

const HOST = '127.0.0.1';

export interface StartLocalBrokerOptions {
  /** The client (PLAINTEXT) port on 127.0.0.1. */
  readonly port: number;
  /** The KRaft controller port; fixed when the storage is formatted. Default: port + 1 if free, else any free port. */
  readonly controllerPort?: number;
  /** Holds the configuration, the partitions, the logs and the pid file. Created if missing. */
  readonly dataDir: string;
  /** JVM maximum heap, e.g. `768m`. */
  readonly maxHeap?: string;
  /** How long to wait for the first answered metadata request. */
  readonly startTimeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Told about slow steps, so that a CLI can say why it waits. */
  readonly onProgress?: (message: string) => void;
  /** Also listen with SASL over TLS, as a secured cluster does. */
  readonly saslSsl?: SaslSslListener;
}

/** A running local broker. */
export interface LocalBroker {
  /** `127.0.0.1:<port>`, the bootstrap address for clients. */
  readonly bootstrap: string;
  /** The SASL_SSL listener's bootstrap address, when one was asked for. */
  readonly saslSslBootstrap?: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly pid: number;
  readonly dataDir: string;
  readonly version: string;
  readonly serverLog: string;
  /** True when a broker of this data directory was already running and nothing was started. */
  readonly alreadyRunning: boolean;
}

/**
 * Starts a single-node KRaft Kafka (broker and controller in one JVM) in the
 * background and resolves once it answers a metadata request. The broker
 * outlives the calling process; stop it with `stopLocalBroker(dataDir)`.
 */
export async function startLocalBroker(options: StartLocalBrokerOptions): Promise<LocalBroker> {
  const files = brokerFiles(resolve(options.dataDir));
  await mkdir(files.dataDir, { recursive: true });
  const running = await findRunningBroker(files, options.startTimeoutMs);
  if (running) return running;

  await assertPortFree(options.port, HOST);
  await assertJavaAvailable();
  const distribution = await resolveKafkaDistribution({
    ...(options.env ? { env: options.env } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const formatted = await isStorageFormatted(files);
  const state = formatted ? await readBrokerState(files) : undefined;
  const controllerPort = await chooseControllerPort(files, options, state?.controllerPort);
  await assertPortFree(controllerPort, HOST, 'controller port');

  await mkdir(dirname(files.serverLog), { recursive: true });
  await writeFile(files.log4jConfig, log4jConfig(files.serverLog));
  await writeFile(files.serverProperties, serverProperties({
      port: options.port,
      controllerPort,
      logDir: files.logDir,
      host: HOST,
      ...(options.saslSsl === undefined ? {} : { saslSsl: options.saslSsl }),
    }));
  let clusterId = state?.clusterId;
  if (options.saslSsl !== undefined) await assertPortFree(options.saslSsl.port, HOST, 'SASL_SSL port');
  if (!formatted) {
    options.onProgress?.(`formatting Kafka storage in ${files.logDir}`);
    clusterId = await formatStorage(files, distribution, options.saslSsl?.scramUsers);
  }
  await writeBrokerState(files, { version: distribution.version, clusterId: clusterId ?? 'unknown', port: options.port, controllerPort });

  const pid = await spawnBroker(files, distribution, options.maxHeap ?? '768m', options.env);
  const broker: LocalBroker = {
    bootstrap: `${HOST}:${options.port}`,
    ...(options.saslSsl === undefined ? {} : { saslSslBootstrap: `${HOST}:${options.saslSsl.port}` }),
    port: options.port,
    controllerPort,
    pid,
    dataDir: files.dataDir,
    version: distribution.version,
    serverLog: files.serverLog,
    alreadyRunning: false,
  };
  await waitUntilServing(files, broker, options.startTimeoutMs ?? 90_000);
  return broker;
}

/** A broker of this data directory that is alive (and, once it answers, serving), if any. */
async function findRunningBroker(files: BrokerFiles, startTimeoutMs = 90_000): Promise<LocalBroker | undefined> {
  const pid = await readPid(files);
  if (pid === undefined || !(await isBrokerProcess(pid))) return undefined;
  const state = await readBrokerState(files);
  if (!state) return undefined;
  const broker: LocalBroker = {
    bootstrap: `${HOST}:${state.port}`,
    port: state.port,
    controllerPort: state.controllerPort,
    pid,
    dataDir: files.dataDir,
    version: state.version,
    serverLog: files.serverLog,
    alreadyRunning: true,
  };
  // It may still be starting (another `kafka up`); waiting is what that caller would do too.
  await waitUntilServing(files, broker, startTimeoutMs);
  return broker;
}

/**
 * The KRaft voter set records the controller's address when the storage is
 * formatted, so a formatted directory keeps its controller port for life.
 */
async function chooseControllerPort(files: BrokerFiles, options: StartLocalBrokerOptions, formattedWith: number | undefined): Promise<number> {
  if (formattedWith !== undefined) {
    if (options.controllerPort !== undefined && options.controllerPort !== formattedWith) {
      throw new LocalBrokerError(
        LOCAL_BROKER_ERROR_CODES.portInUse,
        `${files.dataDir} was formatted with controller port ${formattedWith} and must keep it (asked for ${options.controllerPort}); use another --data directory to change it`,
      );
    }
    return formattedWith;
  }
  if (options.controllerPort !== undefined) return options.controllerPort;
  const next = options.port + 1;
  return next <= 65_535 && (await isPortFree(next, HOST)) ? next : findFreePort(HOST);
}

async function spawnBroker(files: BrokerFiles, distribution: KafkaDistribution, maxHeap: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const consoleFile = await open(files.consoleLog, 'a');
  try {
    const child = spawn(
      'java',
      [
        `-Xmx${maxHeap}`,
        '-Xms128m',
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-XX:+ExitOnOutOfMemoryError',
        '-Djava.awt.headless=true',
        // Every appender flushes per line, and log4j's own hook only warns when the JVM is already stopping.
        '-Dlog4j.shutdownHookEnabled=false',
        `-Dlog4j2.configurationFile=${files.log4jConfig}`,
        `-Dkafka.logs.dir=${dirname(files.serverLog)}`,
        '-cp',
        distribution.classPath,
        'kafka.Kafka',
        files.serverProperties,
      ],
      { cwd: files.dataDir, detached: true, stdio: ['ignore', consoleFile.fd, consoleFile.fd], env },
    );
    const pid = await new Promise<number>((resolvePid, reject) => {
      child.once('error', reject);
      child.once('spawn', () => (child.pid === undefined ? reject(new Error('java started without a pid')) : resolvePid(child.pid)));
    });
    // The broker runs on after this process exits.
    child.unref();
    await writePid(files, pid);
    return pid;
  } finally {
    await consoleFile.close();
  }
}

/** Polls a metadata request until the broker answers; fails early with its log if the process dies. */
async function waitUntilServing(files: BrokerFiles, broker: LocalBroker, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await answersMetadata(broker.bootstrap, 1_000)) return;
    if (!(await isBrokerProcess(broker.pid))) {
      throw new LocalBrokerError(
        LOCAL_BROKER_ERROR_CODES.brokerExited,
        `the Kafka broker (pid ${broker.pid}) exited before it served ${broker.bootstrap}; last log lines:\n${await brokerLogTail(files)}`,
      );
    }
    if (Date.now() > deadline) {
      const tail = await brokerLogTail(files);
      await stopLocalBroker(files.dataDir);
      throw new LocalBrokerError(
        LOCAL_BROKER_ERROR_CODES.startTimeout,
        `the Kafka broker did not answer on ${broker.bootstrap} within ${timeoutMs} ms and was stopped; last log lines:\n${tail}`,
      );
    }
    await new Promise((wake) => setTimeout(wake, 250));
  }
}
