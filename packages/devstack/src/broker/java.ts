import { LOCAL_BROKER_ERROR_CODES, LocalBrokerError } from './local-broker-error';
import { isCommandMissing, runTool, tailLines } from './run-tool';

/** Kafka 4 brokers need Java 17. */
const MINIMUM_JAVA_MAJOR = 17;

/** Fails with a clear message unless a `java` of version 17 or newer is on PATH; returns its major version. */
export async function assertJavaAvailable(): Promise<number> {
  let result;
  try {
    result = await runTool('java', ['-version']);
  } catch (error) {
    if (!isCommandMissing(error)) throw error;
    throw new LocalBrokerError(
      LOCAL_BROKER_ERROR_CODES.javaMissing,
      `no \`java\` on PATH: the local Kafka broker needs Java ${MINIMUM_JAVA_MAJOR} or newer (install a JDK or JRE and put its bin/ on PATH)`,
      { cause: error },
    );
  }
  const major = parseJavaMajor(result.output);
  if (result.exitCode !== 0 || major === undefined) {
    throw new LocalBrokerError(
      LOCAL_BROKER_ERROR_CODES.javaMissing,
      `\`java -version\` failed (exit ${String(result.exitCode)}):\n${tailLines(result.output)}`,
    );
  }
  if (major < MINIMUM_JAVA_MAJOR) {
    throw new LocalBrokerError(
      LOCAL_BROKER_ERROR_CODES.javaMissing,
      `the \`java\` on PATH is version ${major}; the local Kafka broker needs Java ${MINIMUM_JAVA_MAJOR} or newer`,
    );
  }
  return major;
}

/** The major version from `java -version` output: `"17.0.15"` -> 17, legacy `"1.8.0_392"` -> 8. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}
