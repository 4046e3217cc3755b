/** Label values of one time series, e.g. `{ view: 'page_views_1m' }`. */
export type Labels = Readonly<Record<string, string>>;

interface Series {
  readonly labels: Labels;
  value: number;
}

abstract class Metric {
  protected readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' | 'histogram',
  ) {}

  protected seriesFor(labels: Labels): Series {
    const key = labelKey(labels);
    let found = this.series.get(key);
    if (!found) {
      found = { labels, value: 0 };
      this.series.set(key, found);
    }
    return found;
  }

  /** Prometheus text exposition lines for this metric. */
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    for (const { labels, value } of this.series.values()) lines.push(`${this.name}${formatLabels(labels)} ${value}`);
    return lines;
  }
}

/** A value that only goes up (events accepted, records dead-lettered). */
export class Counter extends Metric {
  constructor(name: string, help: string) {
    super(name, help, 'counter');
  }

  inc(labels: Labels = {}, by = 1): void {
    this.seriesFor(labels).value += by;
  }

  get(labels: Labels = {}): number {
    return this.series.get(labelKey(labels))?.value ?? 0;
  }
}

/** A value that goes up and down (in-flight events, open windows, lag). */
export class Gauge extends Metric {
  constructor(name: string, help: string) {
    super(name, help, 'gauge');
  }

  set(value: number, labels: Labels = {}): void {
    this.seriesFor(labels).value = value;
  }

  inc(labels: Labels = {}, by = 1): void {
    this.seriesFor(labels).value += by;
  }

  dec(labels: Labels = {}, by = 1): void {
    this.seriesFor(labels).value -= by;
  }

  get(labels: Labels = {}): number {
    return this.series.get(labelKey(labels))?.value ?? 0;
  }
}

interface Buckets {
  readonly labels: Labels;
  readonly counts: number[];
  sum: number;
  count: number;
}

/** Observations in cumulative buckets (produce latency, insert latency, batch size). */
export class Histogram extends Metric {
  private readonly observations = new Map<string, Buckets>();

  constructor(
    name: string,
    help: string,
    readonly bounds: readonly number[],
  ) {
    super(name, help, 'histogram');
  }

  observe(value: number, labels: Labels = {}): void {
    const key = labelKey(labels);
    let buckets = this.observations.get(key);
    if (!buckets) {
      buckets = { labels, counts: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.observations.set(key, buckets);
    }
    this.bounds.forEach((bound, index) => {
      if (value <= bound) buckets.counts[index] = (buckets.counts[index] ?? 0) + 1;
    });
    buckets.sum += value;
    buckets.count += 1;
  }

  override render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, counts, sum, count } of this.observations.values()) {
      this.bounds.forEach((bound, index) => {
        lines.push(`${this.name}_bucket${formatLabels({ ...labels, le: String(bound) })} ${counts[index] ?? 0}`);
      });
      lines.push(`${this.name}_bucket${formatLabels({ ...labels, le: '+Inf' })} ${count}`);
      lines.push(`${this.name}_sum${formatLabels(labels)} ${sum}`, `${this.name}_count${formatLabels(labels)} ${count}`);
    }
    return lines;
  }
}

/** Holds a process's metrics and renders them in the Prometheus text format. */
export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  counter(name: string, help: string): Counter {
    return this.register(name, () => new Counter(name, help), Counter);
  }

  gauge(name: string, help: string): Gauge {
    return this.register(name, () => new Gauge(name, help), Gauge);
  }

  histogram(name: string, help: string, bounds: readonly number[]): Histogram {
    return this.register(name, () => new Histogram(name, help, bounds), Histogram);
  }

  render(): string {
    return [...this.metrics.values()].flatMap((metric) => metric.render()).join('\n') + '\n';
  }

  private register<M extends Metric>(name: string, create: () => M, kind: abstract new (...args: never[]) => M): M {
    const existing = this.metrics.get(name);
    if (existing) {
      if (!(existing instanceof kind)) throw new Error(`metric ${name} is already registered as a ${existing.type}`);
      return existing;
    }
    const metric = create();
    this.metrics.set(name, metric);
    return metric;
  }
}

function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join(',');
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  const text = entries.map(([key, value]) => `${key}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return `{${text.join(',')}}`;
}
