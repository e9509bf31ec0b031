/**
 * `metrics/`: the gateway's metrics, emitted two ways at once:
 * - the original JSON protocol, one object per observation
 *   `{ timestamp, metric_type, metric_name, value, labels }` to a sink (stdout, a file, a callback);
 * - a prom-client registry (`exec_latency_ms` as a histogram, the counters as `<name>_total`) for `/metrics`.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Counter, Histogram, Registry } from 'prom-client';

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

/** Emits the gateway's metrics to a JSON sink and a Prometheus registry. */
export class Metrics {
  /** The prom-client registry (serve it with `registry.metrics()`). */
  readonly registry: Registry;
  private readonly counters = new Map<CounterName, Counter<string>>();
  private readonly latency: Histogram<string>;
  private readonly sink: MetricSink;
  private pending: string[] = [];
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(opts: { sink?: MetricSink; registry?: Registry } = {}) {
    this.sink = opts.sink ?? { kind: 'none' };
    this.registry = opts.registry ?? new Registry();
    for (const name of COUNTERS) {
      this.counters.set(
        name,
        new Counter({
          name: `${promName(name)}_total`,
          help: `ag-exec ${name}`,
          labelNames: ['venue', 'reason'],
          registers: [this.registry],
        }),
      );
    }
    this.latency = new Histogram({
      name: promName(MetricName.latencyMs),
      help: 'ag-exec exec.latency_ms: submit to venue answer, milliseconds',
      labelNames: ['venue'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
      registers: [this.registry],
    });
    if (this.sink.kind === 'file') mkdirSync(dirname(this.sink.path), { recursive: true });
  }

  /** Counts one event (`exec.orders_placed`, ...). `reason` is a label for rejections and rate-limit hits. */
  count(name: CounterName, venue: string, reason?: string, value = 1): void {
    this.counters.get(name)?.inc({ venue, reason: reason ?? '' }, value);
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
    this.latency.observe({ venue }, ms);
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
