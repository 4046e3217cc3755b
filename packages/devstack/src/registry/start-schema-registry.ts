import { spawn, type ChildProcess } from 'node:child_process';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { SluiceError } from '@sluice/core';
import { findFreePort } from '../broker/ports';
import { resolveApicurio } from './apicurio-distribution';

export interface StartSchemaRegistryOptions {
  /** Port on 127.0.0.1; default a free one. */
  readonly port?: number;
  /** Where its log file goes. */
  readonly logDir: string;
  readonly maxHeap?: string;
  readonly startTimeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly onProgress?: (message: string) => void;
}

/** A running schema registry. */
export interface SchemaRegistryProcess {
  /** Base URL of the Confluent-compatible API, for `schemaRegistry.url`. */
  readonly url: string;
  readonly pid: number;
  readonly logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts Apicurio Registry (in-memory storage) on loopback and resolves once
 * its Confluent-compatible API (`/apis/ccompat/v7`) answers. The process is a
 * child of the caller; `stop()` ends it.
 */
export async function startSchemaRegistry(options: StartSchemaRegistryOptions): Promise<SchemaRegistryProcess> {
  const distribution = await resolveApicurio(options.env, options.onProgress);
  const port = options.port ?? (await findFreePort());
  const logFile = join(options.logDir, 'schema-registry.log');
  const log = await open(logFile, 'a');
  const child = spawn(
    'java',
    [`-Xmx${options.maxHeap ?? '384m'}`, `-Dquarkus.http.port=${port}`, '-Dquarkus.http.host=127.0.0.1', '-Dquarkus.log.level=WARN', '-jar', distribution.runnerJar],
    { stdio: ['ignore', log.fd, log.fd], env: { ...process.env, ...options.env } },
  );
  await log.close();
  const url = `http://127.0.0.1:${port}/apis/ccompat/v7`;
  try {
    await waitUntilServing(child, url, options.startTimeoutMs ?? 120_000, logFile);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { url, pid: child.pid as number, logFile, stop: () => stopChild(child) };
}

async function waitUntilServing(child: ChildProcess, url: string, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new SluiceError('REGISTRY_EXITED', `the schema registry exited with code ${child.exitCode}; see ${logFile}`);
    let lastError: unknown;
    try {
      if ((await fetch(`${url}/subjects`)).ok) return;
    } catch (error) {
      // Connection refused until Quarkus listens; keep polling until the deadline.
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new SluiceError('REGISTRY_START_TIMEOUT', `the schema registry did not answer at ${url} within ${timeoutMs}ms; see ${logFile}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
