import type { PipelineConfig } from '@sluice/core';

/** One worker's answer to `/healthz`, or why it could not be asked. */
export interface WorkerHealth {
  readonly role: string;
  readonly url: string;
  readonly status: 'ok' | 'unhealthy' | 'unreachable';
  readonly details: Record<string, unknown>;
}

/** The workers' ops endpoints on this machine, as the config places them. */
export function workerEndpoints(config: PipelineConfig, host = '127.0.0.1'): { role: string; url: string }[] {
  return [
    { role: 'ingest', url: `http://${host}:${config.ingest.opsPort}/healthz` },
    { role: 'aggregator', url: `http://${host}:${config.aggregator.opsPort}/healthz` },
    { role: 'sink', url: `http://${host}:${config.sink.opsPort}/healthz` },
    { role: 'compactor', url: `http://${host}:${config.compactor.opsPort}/healthz` },
  ];
}

/** Asks every worker for its health, in parallel, with a short timeout each. */
export async function probeWorkers(endpoints: readonly { role: string; url: string }[], timeoutMs = 1_000): Promise<WorkerHealth[]> {
  return Promise.all(
    endpoints.map(async ({ role, url }): Promise<WorkerHealth> => {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        const details = (await response.json()) as Record<string, unknown>;
        return { role, url, status: response.ok ? 'ok' : 'unhealthy', details };
      } catch (error) {
        return { role, url, status: 'unreachable', details: { error: (error as Error).message } };
      }
    }),
  );
}
