import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { assertJavaAvailable } from './java';
import { LOCAL_BROKER_ERROR_CODES, LocalBrokerError } from './local-broker-error';
import { isCommandMissing, runTool, tailLines } from './run-tool';

/** The Maven project naming the broker's artifacts; the same path from src/broker and dist/broker. */
export const KAFKA_POM_PATH = resolve(__dirname, '..', '..', 'maven', 'pom.xml');

/** Written last into a resolved libs directory; holds the hash of the pom it was resolved from. */
const COMPLETION_MARKER = '.sluice-complete';

/** A resolved Apache Kafka: its version and the directory of jars to put on the class path. */
export interface KafkaDistribution {
  readonly version: string;
  readonly libsDir: string;
  /** `libsDir/*`, the JVM's class-path wildcard for every jar in it. */
  readonly classPath: string;
}

export interface ResolveDistributionOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Told about slow steps (a Maven resolution) so that a CLI can say why it waits. */
  readonly onProgress?: (message: string) => void;
}

/** Where resolved distributions live: `$SLUICE_CACHE_DIR`, else `$XDG_CACHE_HOME/sluice`, else `~/.cache/sluice`. */
export function sluiceCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['SLUICE_CACHE_DIR']) return resolve(env['SLUICE_CACHE_DIR']);
  return join(env['XDG_CACHE_HOME'] ? resolve(env['XDG_CACHE_HOME']) : join(homedir(), '.cache'), 'sluice');
}

/** The Kafka version the shipped pom pins. */
export async function kafkaVersion(): Promise<string> {
  return parseKafkaVersion(await readFile(KAFKA_POM_PATH, 'utf8'));
}

/** Reads `<kafka.version>` from a pom. */
export function parseKafkaVersion(pom: string): string {
  const version = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(pom)?.[1];
  if (!version) throw new Error(`${KAFKA_POM_PATH} has no <kafka.version> property`);
  return version;
}

/**
 * Returns the cached Kafka jars, resolving them with Maven from the shipped pom
 * on first use. Resolution goes to a private staging directory that is renamed
 * into place only when complete, so an interrupted or concurrent run never
 * leaves a half-filled cache behind.
 */
export async function resolveKafkaDistribution(options: ResolveDistributionOptions = {}): Promise<KafkaDistribution> {
  const pom = await readFile(KAFKA_POM_PATH, 'utf8');
  const version = parseKafkaVersion(pom);
  const pomHash = createHash('sha256').update(pom).digest('hex');
  const home = join(sluiceCacheDir(options.env), `kafka-${version}`);
  const libsDir = join(home, 'libs');
  const distribution = { version, libsDir, classPath: join(libsDir, '*') };
  if (await isComplete(libsDir, pomHash)) return distribution;

  await assertJavaAvailable();
  options.onProgress?.(`resolving Apache Kafka ${version} with Maven into ${libsDir} (first run only)`);
  const staging = join(home, `libs.staging-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(home, { recursive: true });
  try {
    await copyDependencies(staging, version);
    await writeFile(join(staging, COMPLETION_MARKER), pomHash);
    await moveIntoPlace(staging, libsDir, pomHash);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return distribution;
}

async function isComplete(libsDir: string, pomHash: string): Promise<boolean> {
  try {
    return (await readFile(join(libsDir, COMPLETION_MARKER), 'utf8')).trim() === pomHash;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function copyDependencies(outputDir: string, version: string): Promise<void> {
  const args = [
    '-B',
    '-q',
    '-Dstyle.color=never',
    '-f',
    KAFKA_POM_PATH,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${outputDir}`,
    '-DincludeScope=runtime',
  ];
  let result;
  try {
    result = await runTool('mvn', args);
  } catch (error) {
    if (!isCommandMissing(error)) throw error;
    throw new LocalBrokerError(
      LOCAL_BROKER_ERROR_CODES.mavenMissing,
      `Maven (\`mvn\`) is not on PATH: it is needed once to download Apache Kafka ${version} from Maven Central (install Maven 3.6+ and retry)`,
      { cause: error },
    );
  }
  if (result.exitCode !== 0) {
    throw new LocalBrokerError(
      LOCAL_BROKER_ERROR_CODES.mavenResolveFailed,
      `Maven could not resolve Apache Kafka ${version} from ${KAFKA_POM_PATH} (exit ${String(result.exitCode ?? result.signal)}); last lines of its output:\n${tailLines(result.output)}`,
    );
  }
}

/** Renames the staging directory to `libsDir`; a concurrent run that got there first with the same pom wins. */
async function moveIntoPlace(staging: string, libsDir: string, pomHash: string): Promise<void> {
  if (!(await isComplete(libsDir, pomHash))) {
    // A libs directory from another pom (or a crash before the marker) is replaced whole.
    await rm(libsDir, { recursive: true, force: true });
  }
  try {
    await rename(staging, libsDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await isComplete(libsDir, pomHash))) return;
    throw error;
  }
}
