/**
 * `metrics/`: the gateway's metrics, emitted two ways at once:
 * - the original JSON protocol, one object per observation
 *   `{ timestamp, metric_type, metric_name, value, labels }` to a sink (stdout, a file, a callback);
 * - a prom-client registry (`exec_latency_ms` as a histogram, the counters as `<name>_total`) for `/metrics`.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Registry } from 'prom-client';

/** The metric names of the original protocol. */
export const MetricName = {
  latencyMs: 'exec.latency_ms',
  ordersPlaced: 'exec.orders_placed',
  ordersFilled: 'exec.orders_filled',
  ordersCancelled: 'exec.orders_cancelled',
  ordersRejected: 'exec.orders_rejected',
  riskRejections: 'exec.risk_rejections',
  rateLimitHits: 'exec.rate_limit_hits',
} as const;
/** One of the metric names. */
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

/** One observation in the JSON protocol. */
export interface MetricRecord {
  /** ISO-8601 time. */
  timestamp: string;
  metric_type: 'counter' | 'histogram';
  metric_name: MetricName;
  value: number;
  labels: Record<string, string>;
}

/** Where JSON metric records go. */
export type MetricSink =
  | { kind: 'none' }
  | { kind: 'stdout' }
  | { kind: 'file'; path: string }
  | { kind: 'callback'; fn: (record: MetricRecord) => void };

const COUNTERS = [
  MetricName.ordersPlaced,
  MetricName.ordersFilled,
  MetricName.ordersCancelled,
  MetricName.ordersRejected,
  MetricName.riskRejections,
  MetricName.rateLimitHits,
] as const;
type CounterName = (typeof COUNTERS)[number];

const promName = (name: string) => name.replace(/\./g, '_');

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];

interface PromValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/**
 * A counter with `venue` and `reason` labels, kept as plain numbers and rendered by prom-client's registry
 * at scrape time: the hot path does two map lookups and an addition, nothing more.
 */
class FastCounter {
  readonly type = 'counter';
  readonly aggregator = 'sum';
  private readonly cells = new Map<string, Map<string, { value: number }>>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(venue: string, reason: string, value: number): void {
    let byReason = this.cells.get(venue);
    if (byReason === undefined) {
      byReason = new Map();
      this.cells.set(venue, byReason);
    }
    const cell = byReason.get(reason);
    if (cell === undefined) byReason.set(reason, { value });
    else cell.value += value;
  }

  get(): { name: string; help: string; type: string; aggregator: string; values: PromValue[] } {
    const values: PromValue[] = [];
    for (const [venue, byReason] of this.cells) {
      for (const [reason, cell] of byReason) values.push({ labels: { venue, reason }, value: cell.value });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.cells.clear();
  }
}

/** A histogram with a `venue` label, kept as bucket counts and rendered by prom-client at scrape time. */
class FastHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly cells = new Map<string, { counts: Float64Array; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[],
  ) {}

  observe(venue: string, v: number): void {
    let cell = this.cells.get(venue);
    if (cell === undefined) {
      cell = { counts: new Float64Array(this.buckets.length), sum: 0, count: 0 };
      this.cells.set(venue, cell);
    }
    const b = this.buckets;
    for (let i = 0; i < b.length; i++) {
      if (v <= b[i]!) {
        cell.counts[i]!++;
        break;
      }
    }
    cell.sum += v;
    cell.count++;
  }

  get(): { name: string; help: string; type: string; aggregator: string; values: PromValue[] } {
    const values: PromValue[] = [];
    for (const [venue, cell] of this.cells) {
      let cumulative = 0;
      for (let i = 0; i < this.buckets.length; i++) {
        cumulative += cell.counts[i]!;
        values.push({
          labels: { le: this.buckets[i]!, venue },
          value: cumulative,
          metricName: `${this.name}_bucket`,
        });
      }
      values.push({ labels: { le: '+Inf', venue }, value: cell.count, metricName: `${this.name}_bucket` });
      values.push({ labels: { venue }, value: cell.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { venue }, value: cell.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.cells.clear();
  }
}

/** Emits the gateway's metrics to a JSON sink and a Prometheus registry. */
export class Metrics {
  /** The prom-client registry (serve it with `registry.metrics()`). */
  readonly registry: Registry;
  private readonly counters = new Map<CounterName, FastCounter>();
  private readonly latency: FastHistogram;
  private readonly sink: MetricSink;
  private pending: string[] = [];
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(opts: { sink?: MetricSink; registry?: Registry } = {}) {
    this.sink = opts.sink ?? { kind: 'none' };
    this.registry = opts.registry ?? new Registry();
    for (const name of COUNTERS) {
      const counter = new FastCounter(`${promName(name)}_total`, `ag-exec ${name}`);
      this.counters.set(name, counter);
      this.registry.registerMetric(counter as never);
    }
    this.latency = new FastHistogram(
      promName(MetricName.latencyMs),
      'ag-exec exec.latency_ms: submit to venue answer, milliseconds',
      LATENCY_BUCKETS,
    );
    this.registry.registerMetric(this.latency as never);
    if (this.sink.kind === 'file') mkdirSync(dirname(this.sink.path), { recursive: true });
  }

  /** Counts one event (`exec.orders_placed`, ...). `reason` is a label for rejections and rate-limit hits. */
  count(name: CounterName, venue: string, reason?: string, value = 1): void {
    this.counters.get(name)?.inc(venue, reason ?? '', value);
    if (this.sink.kind !== 'none') {
      this.write({
        timestamp: new Date().toISOString(),
        metric_type: 'counter',
        metric_name: name,
        value,
        labels: reason === undefined ? { venue } : { venue, reason },
      });
    }
  }

  /** Records one latency observation in milliseconds. */
  latencyMs(venue: string, ms: number): void {
    this.latency.observe(venue, ms);
    if (this.sink.kind !== 'none') {
      this.write({
        timestamp: new Date().toISOString(),
        metric_type: 'histogram',
        metric_name: MetricName.latencyMs,
        value: ms,
        labels: { venue },
      });
    }
  }

  /** Prometheus text exposition of every metric. */
  async prometheus(): Promise<string> {
    return this.registry.metrics();
  }

  /** Writes buffered JSON records now. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    if (this.sink.kind === 'stdout') process.stdout.write(text);
    else if (this.sink.kind === 'file') appendFileSync(this.sink.path, text);
  }

  private write(record: MetricRecord): void {
    if (this.sink.kind === 'callback') {
      this.sink.fn(record);
      return;
    }
    this.pending.push(`${JSON.stringify(record)}\n`);
    if (this.pending.length >= 1000) this.flush();
    else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), 100);
      this.flushTimer.unref();
    }
  }
}
