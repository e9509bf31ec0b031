import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dec, fmt, OrderStatus } from '../../src/domain/index.ts';
import {
  createAuditLog,
  type EngineEvent,
  ExecutionEngine,
  flushAuditLog,
  secretRedactor,
} from '../../src/engine/index.ts';
import {
  InvalidOrderState,
  RateLimitExceeded,
  RiskRejected,
  ValidationError,
} from '../../src/errors/index.ts';
import { type MetricRecord, Metrics } from '../../src/metrics/index.ts';
import { RateLimiterConfig } from '../../src/ratelimit/index.ts';
import { RiskEngine } from '../../src/risk/index.ts';
import { MemoryJournal } from '../../src/store/index.ts';
import { PaperVenue } from '../../src/venues/paper/index.ts';

const engines: ExecutionEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

function setup(
  opts: { limiter?: RateLimiterConfig; risk?: string; metrics?: Metrics; journal?: MemoryJournal } = {},
) {
  const venue = new PaperVenue({ seed: 11, latencyMs: 0 });
  const engine = new ExecutionEngine({
    settle: { initialDelayMs: 2, maxDelayMs: 10, notFoundStrikes: 3, notFoundGraceMs: 20 },
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
    ...(opts.journal ? { journal: opts.journal } : {}),
  });
  engines.push(engine);
  engine.registerAdapter(venue, (opts.limiter ?? RateLimiterConfig.new(1e6, 1e6)).build('paper'));
  if (opts.risk) engine.setRiskEngine(RiskEngine.fromYaml(opts.risk));
  const events: EngineEvent[] = [];
  engine.on((e) => events.push(e));
  const ref = venue.referencePrice('PM-YES' as never)!;
  return { venue, engine, events, ref };
}

const below = (ref: bigint, by: string) => fmt((ref - dec(by)) as never);

describe('ExecutionEngine: the walk of an order', () => {
  it('submits a resting limit, tracks it Working, cancels it, and journals every event in order', async () => {
    const journal = new MemoryJournal();
    const { engine, events, ref } = setup({ journal });
    const o = await engine.submitOrder({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      price: below(ref, '0.1'),
      size: 10,
    });
    expect(o.status).toBe(OrderStatus.Working);
    expect(o.venueOrderId).toBeDefined();
    expect(engine.getStatus(o.id).status).toBe(OrderStatus.Working);
    expect(engine.getStatus(o.clientOrderId).id).toBe(o.id);
    expect(engine.getActiveOrders().map((a) => a.id)).toEqual([o.id]);
    const c = await engine.cancelOrder(o.id);
    expect(c.status).toBe(OrderStatus.Cancelled);
    expect(engine.getActiveOrders()).toEqual([]);
    const types = (await journal.load()).map((e) => e.type);
    expect(types).toEqual(['Submitted', 'Accepted', 'CancelRequested', 'Cancelled']);
    expect(
      events.filter((e) => e.type === 'order').map((e) => (e as { event: { type: string } }).event.type),
    ).toEqual(types);
    await expect(engine.cancelOrder(o.id)).rejects.toBeInstanceOf(InvalidOrderState);
  });

  it('a crossing order fills, updates the position, and a replayed fill changes nothing', async () => {
    const { engine, venue, events } = setup();
    const ask = venue.depth('PM-YES' as never).asks[0]!;
    const o = await engine.submitOrder({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      price: fmt(ask.price),
      size: 1,
      timeInForce: 'IOC',
    });
    expect(o.status).toBe(OrderStatus.Filled);
    const fills = events.filter((e) => e.type === 'fill');
    expect(fills).toHaveLength(1);
    const pos = engine.getPosition('paper', 'PM-YES');
    expect(fmt(pos.netSize)).toBe('1');
    expect(pos.avgEntryPrice).toBe(ask.price);
    const replay = engine.recordFill(
      (fills[0] as { fill: Parameters<ExecutionEngine['recordFill']>[0] }).fill,
    );
    expect(replay.changed).toBe(false);
    expect(fmt(engine.getPosition('paper', 'PM-YES').netSize)).toBe('1');
  });

  it('refuses bad input before anything is recorded or sent, naming the field', async () => {
    const { engine, venue, ref } = setup();
    const bad = [
      [{ venue: 'paper', market: 'PM-YES', side: 'Hold', price: '0.5', size: 1 }, 'side'],
      [{ venue: 'paper', market: 'PM-YES', side: 'Buy', price: 'abc', size: 1 }, 'price'],
      [{ venue: 'paper', market: 'PM-YES', side: 'Buy', price: '0.5', size: -1 }, 'size'],
      [{ venue: 'paper', market: 'PM-YES', side: 'Buy', price: '0.555', size: 1 }, 'price'],
      [{ venue: 'nowhere', market: 'PM-YES', side: 'Buy', price: '0.5', size: 1 }, 'venue'],
      [
        {
          venue: 'paper',
          market: 'PM-YES',
          side: 'Buy',
          price: below(ref, '0.1'),
          size: 1,
          timeInForce: 'Later',
        },
        'timeInForce',
      ],
    ] as const;
    for (const [req, field] of bad) {
      const err = await engine.submitOrder(req as never).catch((e: unknown) => e);
      expect(err, JSON.stringify(req)).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).field).toBe(field);
    }
    expect([...engine.tracker.orders()]).toEqual([]);
    expect(venue.ledger().orders).toEqual([]);
  });

  it('risk refusals list every failed policy and send nothing', async () => {
    const metrics = new Metrics();
    const { engine, venue, events, ref } = setup({
      metrics,
      risk: 'policies:\n  - type: MaxOrderSize\n    max_size: 100\n  - type: MaxNotionalPerOrder\n    max_notional: 20\n',
    });
    const err = await engine
      .submitOrder({ venue: 'paper', market: 'PM-YES', side: 'Buy', price: below(ref, '0.1'), size: 500 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RiskRejected);
    expect((err as RiskRejected).policies.map((p) => p.policy).sort()).toEqual([
      'MaxNotionalPerOrder',
      'MaxOrderSize',
    ]);
    expect(venue.ledger().orders).toEqual([]);
    expect(events.some((e) => e.type === 'risk' && e.kind === 'rejected')).toBe(true);
    expect(await metrics.prometheus()).toMatch(
      /exec_risk_rejections_total\{venue="paper",reason="MaxOrderSize"\} 1/,
    );
  });

  it('idempotency: a repeated clientOrderId returns the first order and reaches the venue once', async () => {
    const { engine, venue, ref } = setup();
    const req = {
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      price: below(ref, '0.1'),
      size: 3,
      clientOrderId: 'strat-1',
    };
    const [a, b] = await Promise.all([engine.submitOrder(req), engine.submitOrder(req)]);
    const c = await engine.submitOrder(req);
    expect(b.id).toBe(a.id);
    expect(b.status).toBe(OrderStatus.Working); // the repeat waits for the first answer
    expect(a.status).toBe(OrderStatus.Working);
    expect(c.id).toBe(a.id);
    expect(venue.ledger().orders).toHaveLength(1);
    await expect(engine.submitOrder({ ...req, size: 4 })).rejects.toMatchObject({ field: 'clientOrderId' });
  });

  it('waits for the rate limiter in order, and fails fast when the wait would be too long', async () => {
    const { engine, venue, ref } = setup({ limiter: RateLimiterConfig.new(50, 2) });
    const orders = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        engine.submitOrder({
          venue: 'paper',
          market: 'PM-YES',
          side: 'Buy',
          price: below(ref, '0.1'),
          size: 1,
          clientOrderId: `rl-${i}`,
        }),
      ),
    );
    expect(orders.every((o) => o.status === OrderStatus.Working)).toBe(true);
    expect(engine.rateLimiter('paper')!.stats.waited).toBeGreaterThanOrEqual(4);
    // first come, first served: the venue saw them in submission order
    expect(venue.ledger().orders.map((o) => o.orderId)).toEqual(orders.map((o) => o.id));

    const strict = new ExecutionEngine({ rateLimitMaxWaitMs: 0 });
    engines.push(strict);
    strict.registerAdapter(
      new PaperVenue({ seed: 1, latencyMs: 0 }),
      RateLimiterConfig.new(1, 1).build('paper'),
    );
    await strict.submitOrder({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      price: below(ref, '0.1'),
      size: 1,
    });
    await expect(
      strict.submitOrder({
        venue: 'paper',
        market: 'PM-YES',
        side: 'Buy',
        price: below(ref, '0.1'),
        size: 1,
      }),
    ).rejects.toBeInstanceOf(RateLimitExceeded);
    expect([...strict.tracker.orders()]).toHaveLength(1);
  });

  it('modifies a working order', async () => {
    const { engine, ref } = setup();
    const o = await engine.submitOrder({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      price: below(ref, '0.1'),
      size: 3,
    });
    const m = await engine.modifyOrder(o.id, { price: below(ref, '0.2'), size: 5 });
    expect(fmt(m.price!)).toBe(below(ref, '0.2'));
    expect(fmt(m.size)).toBe('5');
    await expect(engine.modifyOrder(o.id, {})).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('ExecutionEngine: outcome unknown', () => {
  it('an accepted order whose answer and stream events were lost is settled by a status query, never re-sent', async () => {
    const { engine, venue, ref } = setup();
    venue.injectFault('lost_response', { count: 1, delayMs: 5 });
    const o = await engine.submitOrder({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      price: below(ref, '0.1'),
      size: 2,
    });
    expect(o.status).toBe(OrderStatus.Submitting);
    const settled = await engine.whenSettled(o.id);
    expect(settled.status).toBe(OrderStatus.Working);
    expect(settled.venueOrderId).toBeDefined();
    expect(venue.ledger().orders).toHaveLength(1);
  });

  it('an order that never arrived is marked Rejected after the grace period, and nothing is sent twice', async () => {
    const { engine, venue, ref } = setup();
    venue.injectFault('timeout_before_accept', { count: 1 });
    const o = await engine.submitOrder({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      price: below(ref, '0.1'),
      size: 2,
    });
    expect(o.status).toBe(OrderStatus.Submitting);
    const settled = await engine.whenSettled(o.id);
    expect(settled.status).toBe(OrderStatus.Rejected);
    expect(settled.reason).toMatch(/never arrived/);
    expect(venue.ledger().orders).toHaveLength(0);
  });

  it('a cancel whose answer was lost is settled as Cancelled', async () => {
    const { engine, venue, ref } = setup();
    const o = await engine.submitOrder({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Sell',
      price: fmt((ref + dec('0.1')) as never),
      size: 2,
    });
    venue.injectFault('cancel_timeout', { count: 1 });
    const c = await engine.cancelOrder(o.id);
    // the venue's stream may report the cancel before the lost answer times out
    expect([OrderStatus.Cancelling, OrderStatus.Cancelled]).toContain(c.status);
    expect((await engine.whenSettled(o.id)).status).toBe(OrderStatus.Cancelled);
    expect(venue.ledger().orders.find((v) => v.orderId === o.id)?.status).toBe(OrderStatus.Cancelled);
  });

  it('an accepted order whose answer was lost but whose stream events arrived is settled by the stream', async () => {
    const { engine, venue, ref } = setup();
    venue.injectFault('accept_then_timeout', { count: 1 });
    const o = await engine.submitOrder({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      price: below(ref, '0.1'),
      size: 2,
    });
    expect((await engine.whenSettled(o.id)).status).toBe(OrderStatus.Working);
    expect(venue.ledger().orders).toHaveLength(1);
  });
});

describe('ExecutionEngine: audit log', () => {
  it('writes one JSON line per state change with ids, venue and reason, and redacts secrets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agx-audit-'));
    const path = join(dir, 'audit.log');
    const audit = createAuditLog(path, 'info');
    const seen: MetricRecord[] = [];
    const venue = new PaperVenue({ seed: 3, latencyMs: 0 });
    const engine = new ExecutionEngine({
      auditLog: audit,
      metrics: new Metrics({ sink: { kind: 'callback', fn: (r) => seen.push(r) } }),
    });
    engines.push(engine);
    engine.registerAdapter(venue);
    const ref = venue.referencePrice('PM-YES' as never)!;
    const o = await engine.submitOrder({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      price: below(ref, '0.1'),
      size: 1,
    });
    await engine.cancelOrder(o.id);
    secretRedactor.addSecret('hmac-secret-value');
    engine.audit.info(
      {
        venueConfig: {
          api_key: 'AKIA-SECRET-KEY',
          POLYMARKET_API_SECRET: 'poly-secret-1',
          nested: { deeper: { deepest: { privateKey: '0xdeadbeef' } } },
        },
        headers: { Authorization: 'Bearer bearer-xyz' },
        error: new Error('request failed: signature=hmac-secret-value rejected'),
      },
      'config loaded with hmac-secret-value inside the message',
    );
    await flushAuditLog(audit);
    const text = readFileSync(path, 'utf8');
    for (const secret of [
      'AKIA-SECRET-KEY',
      'poly-secret-1',
      '0xdeadbeef',
      'bearer-xyz',
      'hmac-secret-value',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('config loaded with [redacted] inside the message');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const changes = lines.filter((l) => l.kind === 'order');
    expect(changes.map((l) => `${l.from}->${l.to}`)).toEqual([
      'Pending->Submitting',
      'Submitting->Working',
      'Working->Cancelling',
      'Cancelling->Cancelled',
    ]);
    expect(changes.every((l) => l.orderId === o.id && l.venue === 'paper')).toBe(true);
    expect(seen.some((r) => r.metric_name === 'exec.orders_placed')).toBe(true);
    expect(seen.some((r) => r.metric_name === 'exec.orders_cancelled')).toBe(true);
  });

  it('streams events through an async iterator', async () => {
    const { engine, ref } = setup();
    const ac = new AbortController();
    const got: string[] = [];
    const reader = (async () => {
      for await (const e of engine.events(ac.signal)) {
        if (e.type === 'order') got.push(e.event.type);
        if (got.length === 2) ac.abort();
      }
    })();
    await engine.submitOrder({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      price: below(ref, '0.1'),
      size: 1,
    });
    await reader;
    expect(got).toEqual(['Submitted', 'Accepted']);
  });
});

describe('trading-state changes', () => {
  it('are published for the default risk engine too (no setRiskEngine call)', async () => {
    const engine = new ExecutionEngine();
    const seen: string[] = [];
    engine.on((e) => {
      if (e.type === 'risk' && e.kind === 'state') seen.push(`${e.previous}->${e.state}`);
    });
    engine.riskEngine.setTradingState('HALTED', 'operator');
    expect(seen).toEqual(['ACTIVE->HALTED']);
    await engine.close();
  });
});
