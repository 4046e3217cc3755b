import type { PipelineConfig } from '@sluice/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IngestCaller, IngestGuard } from './ingest-guard';

const callers = new WeakMap<FastifyRequest, IngestCaller>();

/**
 * Admits every request to the event routes before its body is read, so a
 * request without a valid key costs no body parsing. The caller it finds is
 * kept for the handler (event rate, metric labels) through `callerOf`.
 */
export function installIngestGuard(app: FastifyInstance, guard: IngestGuard, config: PipelineConfig): void {
  const names = Object.keys(config.sources);
  // `/v1/events` without a source name posts to the pipeline's only source; with several, the handler refuses it anyway.
  const onlySource = names.length === 1 ? names[0] : undefined;
  app.addHook('onRequest', async (request) => {
    if (!request.routeOptions.url?.startsWith('/v1/events')) return;
    const named = (request.params as { source?: string } | undefined)?.source;
    const caller = guard.identify(request.headers.authorization);
    callers.set(request, caller);
    guard.authorize(caller, named ?? onlySource);
  });
}

/** The caller `installIngestGuard` admitted for this request, if any. */
export function callerOf(request: FastifyRequest): IngestCaller | undefined {
  return callers.get(request);
}
