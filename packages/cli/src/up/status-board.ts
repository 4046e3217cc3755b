import { parsePrometheusText, type Sample } from '@sluice/core';
import { diskUsageLines } from './disk-usage-lines';

/** Where one role publishes its metrics. */
export interface MetricsEndpoint {
  readonly role: string;
  readonly url: string;
}

/** One scrape of every role: samples per role, or why the role did not answer. */
export interface Scrape {
  readonly atMs: number;
  readonly roles: ReadonlyMap<string, readonly Sample[] | Error>;
}

/** Scrapes every endpoint once, in parallel. */
export async function scrape(endpoints: readonly MetricsEndpoint[], now: () => number = Date.now): Promise<Scrape> {
  const entries = await Promise.all(
    endpoints.map(async ({ role, url }): Promise<[string, readonly Sample[] | Error]> => {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
        return [role, parsePrometheusText(await response.text())];
      } catch (error) {
        return [role, error as Error];
      }
    }),
  );
  return { atMs: now(), roles: new Map(entries) };
}

const total = (samples: readonly Sample[], pattern: RegExp) =>
  samples.filter((sample) => pattern.test(sample.name)).reduce((sum, sample) => sum + sample.value, 0);

const all = (scrape: Scrape) => [...scrape.roles.values()].flatMap((samples) => (samples instanceof Error ? [] : samples));

/**
 * The live status lines: events/s in, lag per worker, watermark per view,
 * windows emitted and finalized, late and dead-lettered counts, disk use of
 * the tables and topics. Rates come
 * from the difference between this scrape and the previous one.
 */
export function statusLines(current: Scrape, previous: Scrape | undefined): string[] {
  const seconds = previous ? (current.atMs - previous.atMs) / 1000 : 0;
  const rate = (pattern: RegExp, role: string) => {
    const now = current.roles.get(role);
    const before = previous?.roles.get(role);
    if (!Array.isArray(now) || !Array.isArray(before) || seconds <= 0) return '-';
    return `${Math.max(0, Math.round((total(now, pattern) - total(before, pattern)) / seconds))}/s`;
  };
  const lines = [`events in: ${rate(/^sluice_ingest_.*accepted.*_total$/, 'ingest')}`];
  for (const [role, samples] of current.roles) {
    if (samples instanceof Error) {
      lines.push(`${role.padEnd(11)} not answering (${samples.message})`);
      continue;
    }
    const lag = samples.some((sample) => /_lag$/.test(sample.name)) ? `lag ${total(samples, /_lag$/)}` : '';
    lines.push(`${role.padEnd(11)} up  ${lag}`.trimEnd());
  }
  const samples = all(current);
  const watermarks = samples.filter((sample) => sample.name === 'sluice_aggregator_watermark_ms' && sample.labels['view']);
  for (const sample of watermarks) {
    const at = Number.isFinite(sample.value) && sample.value > 0 ? new Date(sample.value).toISOString().slice(11, 19) : 'none yet';
    lines.push(`view ${sample.labels['view']}: watermark ${at}`);
  }
  const results = samples.filter((sample) => sample.name === 'sluice_aggregator_results_total');
  const byKind = (kind: string) => results.filter((sample) => Object.values(sample.labels).includes(kind)).reduce((s, x) => s + x.value, 0);
  lines.push(
    `windows: ${byKind('update')} updates, ${byKind('final')} final; ` +
      `late ${total(samples, /^sluice_aggregator_late_events_total$/)}, dead-lettered ${total(samples, /dead_letter.*_total$/)}`,
  );
  lines.push(...diskUsageLines(samples));
  return lines;
}
