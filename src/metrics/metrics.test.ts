import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MetricName, type MetricRecord, Metrics } from './metrics.ts';

describe('Metrics', () => {
  it('emits the original JSON shape to a callback', () => {
    const seen: MetricRecord[] = [];
    const m = new Metrics({ sink: { kind: 'callback', fn: (r) => seen.push(r) } });
    m.count(MetricName.ordersPlaced, 'paper');
    m.count(MetricName.riskRejections, 'paper', 'MaxOrderSize');
    m.latencyMs('paper', 1.5);
    expect(seen.map((r) => Object.keys(r).sort())).toEqual(
      Array(3).fill(['labels', 'metric_name', 'metric_type', 'timestamp', 'value']),
    );
    expect(seen[1]).toMatchObject({
      metric_type: 'counter',
      metric_name: 'exec.risk_rejections',
      value: 1,
      labels: { venue: 'paper', reason: 'MaxOrderSize' },
    });
    expect(seen[2]).toMatchObject({ metric_type: 'histogram', metric_name: 'exec.latency_ms', value: 1.5 });
    expect(Number.isNaN(Date.parse(seen[0]!.timestamp))).toBe(false);
  });

  it('writes JSON lines to a file and exposes Prometheus text', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'agx-metrics-')), 'sub', 'metrics.jsonl');
    const m = new Metrics({ sink: { kind: 'file', path } });
    m.count(MetricName.ordersFilled, 'paper');
    m.count(MetricName.ordersFilled, 'paper');
    m.latencyMs('paper', 0.2);
    m.flush();
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as MetricRecord);
    expect(lines.map((l) => l.metric_name)).toEqual([
      'exec.orders_filled',
      'exec.orders_filled',
      'exec.latency_ms',
    ]);
    const text = await m.prometheus();
    expect(text).toContain('exec_orders_filled_total{venue="paper",reason=""} 2');
    expect(text).toContain('exec_latency_ms_bucket{le="0.25",venue="paper"} 1');
    expect(text).toContain('exec_latency_ms_bucket{le="0.1",venue="paper"} 0');
    expect(text).toContain('exec_latency_ms_bucket{le="+Inf",venue="paper"} 1');
    expect(text).toContain('exec_latency_ms_sum{venue="paper"} 0.2');
    expect(text).toContain('exec_latency_ms_count{venue="paper"} 1');
    expect(text).toContain('# TYPE exec_latency_ms histogram');
    expect(text).toContain('# TYPE exec_orders_filled_total counter');
  });
});
