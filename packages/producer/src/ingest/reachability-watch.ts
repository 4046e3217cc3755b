import type { Logger } from '@sluice/core';
import type { Admin, Kafka } from 'kafkajs';

export interface ReachabilityWatch {
  stop(): Promise<void>;
}

/**
 * Asks Kafka for its cluster metadata every `intervalMs` and reports a failed
 * answer, so that ingest notices an unreachable Kafka while idle, and answers
 * 503 at once instead of after a failed produce.
 */
export function watchReachability(kafka: Kafka, options: { intervalMs: number; logger: Logger; onUnreachable: (error: unknown) => void }): ReachabilityWatch {
  const admin: Admin = kafka.admin();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      await admin.describeCluster();
    } catch (error) {
      if (!stopped) options.onUnreachable(error);
    }
    if (!stopped) schedule();
  };
  const schedule = () => {
    timer = setTimeout(() => {
      running = tick();
    }, options.intervalMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await admin.disconnect().catch((error: unknown) => options.logger.debug('reachability admin did not close cleanly', { error: error as Error }));
    },
  };
}
