import { readFile } from 'node:fs/promises';
import type { PipelineConfig } from '@sluice/core';
import { loadPipelineFile } from '@sluice/runtime';
import type { Command } from '../command';
import { configOption } from './shared-options';

/** Where each role answers `/healthz`. */
const HEALTH_PORT: Record<string, (config: PipelineConfig) => number> = {
  ingest: (config) => config.ingest.opsPort,
  aggregate: (config) => config.aggregator.opsPort,
  sink: (config) => config.sink.opsPort,
  compact: (config) => config.compactor.opsPort,
  dashboard: (config) => config.dashboard.port,
};

/**
 * `sluice healthcheck [ROLE] -c FILE`: exit 0 when the role's `/healthz` says ok.
 * Without ROLE it reads the role from the container's main process (PID 1),
 * so one image-level HEALTHCHECK serves every role.
 */
export const healthcheckCommand: Command = {
  name: ['healthcheck'],
  summary: "ask a running role's /healthz (for container health checks)",
  usage: `healthcheck [${Object.keys(HEALTH_PORT).join('|')}] -c sluice.yaml`,
  options: { ...configOption, timeout: { type: 'string', default: '2000' } },
  async run({ options, positionals, stdout, stderr, env }) {
    const role = positionals[0] ?? (await roleOfMainProcess());
    const portOf = role === undefined ? undefined : HEALTH_PORT[role];
    if (role === undefined || portOf === undefined) {
      stderr.write(`healthcheck: unknown role ${role ?? '(none)'}; one of ${Object.keys(HEALTH_PORT).join(', ')}\n`);
      return 2;
    }
    const config = await loadPipelineFile(String(options['config']), env);
    const url = `http://127.0.0.1:${portOf(config)}/healthz`;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(Number(options['timeout'])) });
      stdout.write(`${role} ${url}: ${response.status} ${await response.text()}\n`);
      return response.ok ? 0 : 1;
    } catch (error) {
      stderr.write(`${role} ${url}: ${(error as Error).message}\n`);
      return 1;
    }
  },
};

/** The first argument of PID 1 that names a role, e.g. `node sluice.js aggregate -c ...` -> `aggregate`. */
async function roleOfMainProcess(): Promise<string | undefined> {
  const cmdline = await readFile('/proc/1/cmdline', 'utf8').catch(() => '');
  return cmdline.split('\0').find((argument) => argument in HEALTH_PORT);
}
