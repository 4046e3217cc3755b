import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SluiceError } from '@sluice/core';
import { sluiceCacheDir } from '../broker/distribution';

/** The Maven project naming the registry artifact; the same path from src/registry and dist/registry. */
export const REGISTRY_POM_PATH = resolve(__dirname, '..', '..', 'registry', 'pom.xml');

const COMPLETION_MARKER = '.sluice-complete';

/** A resolved Apicurio Registry: its version and the runnable jar. */
export interface ApicurioDistribution {
  readonly version: string;
  readonly runnerJar: string;
}

/**
 * Returns the cached Apicurio Registry, resolving and unpacking it with Maven
 * from the shipped pom on first use. Unpacking goes to a staging directory that
 * is renamed into place only when complete, so an interrupted run leaves nothing half-done.
 */
export async function resolveApicurio(env: NodeJS.ProcessEnv = process.env, onProgress?: (message: string) => void): Promise<ApicurioDistribution> {
  const pom = await readFile(REGISTRY_POM_PATH, 'utf8');
  const version = /<apicurio\.version>\s*([^<\s]+)\s*<\/apicurio\.version>/.exec(pom)?.[1];
  if (!version) throw new SluiceError('REGISTRY_POM_INVALID', `${REGISTRY_POM_PATH} has no <apicurio.version> property`);
  const home = join(sluiceCacheDir(env), `apicurio-registry-${version}`);
  const runnerJar = join(home, `apicurio-registry-app-${version}-runner.jar`);
  if (await exists(join(home, COMPLETION_MARKER))) return { version, runnerJar };

  onProgress?.(`resolving Apicurio Registry ${version} with Maven into ${home} (first run only)`);
  const staging = `${home}.staging-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(staging, { recursive: true });
  try {
    // Plugin 2.8 copies the archive even though its parent pom is missing from Maven Central.
    const artifact = `io.apicurio:apicurio-registry-app:${version}:tar.gz:all`;
    await run('mvn', ['-B', '-q', '-Dstyle.color=never', '-f', REGISTRY_POM_PATH, 'org.apache.maven.plugins:maven-dependency-plugin:2.8:copy', `-Dartifact=${artifact}`, `-DoutputDirectory=${staging}`], version);
    const archive = join(staging, `apicurio-registry-app-${version}-all.tar.gz`);
    await run('tar', ['-xzf', archive, '-C', staging], version);
    await rm(archive);
    await writeFile(join(staging, COMPLETION_MARKER), version);
    await rm(home, { recursive: true, force: true });
    await rename(staging, home);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { version, runnerJar };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function run(command: string, args: string[], version: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolvePromise();
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      const output = `${stdout}${stderr}`.trim().split('\n').slice(-15).join('\n');
      reject(
        new SluiceError(
          'REGISTRY_RESOLVE_FAILED',
          missing
            ? `\`${command}\` is not on PATH: Maven and tar are needed once to download Apicurio Registry ${version} from Maven Central`
            : `${command} failed while fetching Apicurio Registry ${version} (${REGISTRY_POM_PATH}):\n${output}`,
          { cause: error },
        ),
      );
    });
  });
}
