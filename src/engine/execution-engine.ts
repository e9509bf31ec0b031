/**
 * `engine/`: the ExecutionEngine, which walks every order through
 * normalise -> idempotency -> validate -> risk -> rate limit -> journal (write-ahead) -> venue -> apply,
 * and settles every order whose outcome is unknown by asking the venue, never by re-sending.
 * See DESIGN.md, "The walk of an order".
 */
import {
  asClientOrderId,
  asOrderId,
  asVenueId,
  type Clock,
  type Decimal,
  type Fill,
  fmt,
  IdGenerator,
  isTerminal,
  type MarketId,
  type Order,
  type OrderEvent,
  OrderStatus,
  type Position,
  systemClock,
  type VenueId,
} from '../domain/index.ts';
import {
  InvalidOrderState,
  NotReady,
  OrderNotFound,
  RiskRejected,
  StoreError,
  ValidationError,
  VenueError,
} from '../errors/index.ts';
import { MetricName, Metrics } from '../metrics/index.ts';
import { type Applied, OrderTracker } from '../orders/index.ts';
import type { Limiter } from '../ratelimit/index.ts';
import { type RiskContext, RiskEngine } from '../risk/index.ts';
import { MemoryJournal, type OrderJournal } from '../store/index.ts';
import { OrderValidator } from '../validation/index.ts';
import type {
  CancelOutcome,
  ModifyOutcome,
  PlaceOutcome,
  VenueAdapter,
  VenueEvent,
} from '../venues/venue-adapter.ts';
import { type AuditLogger, createAuditLog, flushAuditLog } from './audit-log.ts';
import { type EngineEvent, type EngineListener, EventHub } from './engine-events.ts';
import { OrderEventPipeline, snapshot } from './order-event-pipeline.ts';
import { normaliseOrderRequest, type OrderRequest, parseDecimalField, sameIntent } from './order-request.ts';
import { type ReconcileOptions, type ReconcileReport, Reconciler, type ReplayReport } from './reconciler.ts';
import { PendingIncreases, riskContextFor } from './risk-context.ts';
import { type SettleOptions, Settler } from './settler.ts';
import { eventsForReport } from './venue-report.ts';

/** Engine configuration. Every switch is on by default. */
export interface EngineConfig {
  enableRiskChecks?: boolean;
  enableValidation?: boolean;
  enableMetrics?: boolean;
  clock?: Clock;
  /** Where order events are made durable (default: in memory). */
  journal?: OrderJournal;
  metrics?: Metrics;
  /** The audit log (`createAuditLog`, or any pino logger); default: none. */
  auditLog?: AuditLogger;
  validator?: OrderValidator;
  /** Longest a submit waits for a rate-limit slot before failing with RateLimitExceeded (ms, default 10,000). */
  rateLimitMaxWaitMs?: number;
  /** How in-flight orders are settled by status queries. */
  settle?: Partial<SettleOptions>;
  /** Prefix of generated order ids (<= 4 letters or digits). */
  idPrefix?: string;
  /** Reconcile every venue this often while running (ms); 0 or absent: only at start and after reconnects. */
  reconcileIntervalMs?: number;
  /** How reconciliation waits for settling and how far back it reads trade history. */
  reconcile?: Partial<ReconcileOptions>;
}

/** What {@link ExecutionEngine.recover} found and did. */
export interface RecoveryReport {
  readonly replay: ReplayReport;
  readonly venues: readonly ReconcileReport[];
}

/** Whether the engine takes new orders, and why not. */
export interface Readiness {
  readonly ready: boolean;
  /** `ready`; `recovering` (replaying the journal, reconciling); `closing`. */
  readonly phase: 'ready' | 'recovering' | 'closing';
  readonly journal: string;
  /** The last reconciliation of each venue. */
  readonly venues: readonly ReconcileReport[];
  /** Why recovery failed (the engine then stays closed to new orders). */
  readonly error?: string;
}

interface VenueSlot {
  readonly adapter: VenueAdapter;
  readonly limiter: Limiter | undefined;
  readonly unsubscribe: () => void;
}

/** The execution engine: one place where every order is checked, sent, tracked and settled. */
export class ExecutionEngine {
  readonly tracker: OrderTracker;
  readonly metrics: Metrics;
  readonly journal: OrderJournal;
  readonly audit: AuditLogger;
  private readonly hub = new EventHub();
  private history: ((event: EngineEvent | undefined, ordinal: number) => void)[] = [];
  private replayStarted = false;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly validator: OrderValidator;
  private risk: RiskEngine;
  private riskOff: () => void = () => {};
  private readonly venues = new Map<VenueId, VenueSlot>();
  private readonly submitting = new Map<string, Promise<Order>>();
  private readonly settler: Settler;
  private readonly pendingIncreases = new PendingIncreases();
  private readonly pipeline: OrderEventPipeline;
  private readonly cfg: Required<
    Pick<EngineConfig, 'enableRiskChecks' | 'enableValidation' | 'enableMetrics' | 'rateLimitMaxWaitMs'>
  >;
  /** The risk engine's view of the world, backed by the OMS and the venues' reference prices. */
  readonly riskContext: RiskContext;
  private readonly reconciler: Reconciler;
  private phase: Readiness['phase'] = 'ready';
  private recoveryError: string | undefined;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private readonly reconcileIntervalMs: number;

  constructor(config: EngineConfig = {}) {
    this.cfg = {
      enableRiskChecks: config.enableRiskChecks ?? true,
      enableValidation: config.enableValidation ?? true,
      enableMetrics: config.enableMetrics ?? true,
      rateLimitMaxWaitMs: config.rateLimitMaxWaitMs ?? 10_000,
    };
    this.clock = config.clock ?? systemClock;
    this.journal = config.journal ?? new MemoryJournal();
    this.metrics = config.metrics ?? new Metrics();
    this.audit = config.auditLog ?? createAuditLog(false);
    this.validator = config.validator ?? OrderValidator.new();
    this.ids = new IdGenerator(config.idPrefix ?? 'ag');
    this.tracker = new OrderTracker({
      onOverfill: (order, fill, excess) =>
        this.pipeline.alert(
          'overfill',
          `order ${order.id} over-filled by ${excess} on trade ${fill.tradeId}`,
          order.id,
        ),
      quoteAssetOf: (venue, market) => this.venues.get(venue)?.adapter.instrument(market)?.quoteAsset,
    });
    this.riskContext = riskContextFor(
      this.tracker,
      (v, m) => this.venues.get(v)?.adapter.referencePrice(m),
      this.pendingIncreases,
    );
    this.risk = RiskEngine.empty({ clock: this.clock });
    this.pipeline = new OrderEventPipeline({
      tracker: this.tracker,
      journal: this.journal,
      audit: this.audit,
      metrics: this.cfg.enableMetrics ? this.metrics : undefined,
      hub: this.hub,
      clock: this.clock,
      onFill: (fill) => {
        if (this.cfg.enableRiskChecks) this.risk.onFill(fill, this.riskContext);
      },
      onFinal: (order) => this.venues.get(order.venue)?.adapter.release?.(order.id),
    });
    const pipeline = this.pipeline;
    this.settler = new Settler(
      {
        tracker: this.tracker,
        audit: this.audit,
        slotOf: (order) => this.slotOf(order),
        apply: (event) => pipeline.apply(event),
        applyFill: (fill, source) => pipeline.applyFill(fill, source),
        now: () => pipeline.now(),
        alert: (kind, message, orderId) => pipeline.alert(kind, message, orderId),
      },
      config.settle,
    );
    this.listenToRisk();
    this.reconcileIntervalMs = config.reconcileIntervalMs ?? 0;
    this.reconciler = new Reconciler(
      {
        tracker: this.tracker,
        journal: this.journal,
        audit: this.audit,
        ids: this.ids,
        adapter: (venue) => this.venues.get(venue)?.adapter,
        apply: (event) => pipeline.apply(event),
        applyFill: (fill, source) => pipeline.applyFill(fill, source),
        watch: (id, reason) => this.settler.watch(id, reason),
        whenSettled: (id) => this.settler.whenSettled(id),
        alert: (kind, message, orderId) => pipeline.alert(kind, message, orderId),
        now: () => pipeline.now(),
        replayed: (event, ordinal, order) => {
          if (this.history.length === 0) return;
          const e: EngineEvent | undefined =
            order === undefined
              ? undefined
              : event.type === 'Filled'
                ? { type: 'fill', fill: event.fill, order: snapshot(order) }
                : { type: 'order', event, order: snapshot(order) };
          for (const l of this.history) l(e, ordinal);
        },
      },
      config.reconcile,
    );
  }

  // ---- recovery and readiness ------------------------------------------------------------------------

  /**
   * Start-up after a stop or a crash: rebuilds the OMS from the journal, then reconciles every registered
   * venue before new orders are taken (`submitOrder` refuses with NotReady meanwhile). Register the
   * adapters first. Starts the periodic reconciliation when `reconcileIntervalMs` is set.
   */
  async recover(): Promise<RecoveryReport> {
    this.phase = 'recovering';
    let replay: ReplayReport;
    this.replayStarted = true;
    try {
      replay = await this.reconciler.replay(this.journal);
    } catch (e) {
      // a journal that cannot be read (corrupt record, unknown version) keeps the gateway closed
      this.recoveryError = (e as Error).message;
      this.pipeline.alert('recovery_failed', `the journal could not be read: ${this.recoveryError}`);
      throw e;
    }
    const venues: ReconcileReport[] = [];
    for (const venue of this.venues.keys()) venues.push(await this.reconciler.reconcileVenue(venue, 'start'));
    if (this.phase === 'recovering') this.phase = 'ready';
    this.startReconcileTimer();
    return { replay, venues };
  }

  /** Reconciles one venue (or all) now; resolves with what was corrected. */
  async reconcile(venue?: string): Promise<ReconcileReport[]> {
    const venues =
      venue === undefined ? [...this.venues.keys()] : [this.slotFor(asVenueId(venue)).adapter.venueId];
    const out: ReconcileReport[] = [];
    for (const v of venues) out.push(await this.reconciler.reconcileVenue(v, 'on request'));
    return out;
  }

  /** True when new orders are taken (not recovering, not closing). */
  get ready(): boolean {
    return this.phase === 'ready';
  }

  /** The readiness gate as the service and the CLI show it. */
  readiness(): Readiness {
    return {
      ready: this.phase === 'ready',
      phase: this.phase,
      journal: this.journal.name,
      venues: [...this.reconciler.last.values()],
      ...(this.recoveryError === undefined ? {} : { error: this.recoveryError }),
    };
  }

  private startReconcileTimer(): void {
    if (this.reconcileIntervalMs <= 0 || this.reconcileTimer !== undefined || this.phase === 'closing')
      return;
    this.reconcileTimer = setInterval(() => {
      for (const v of this.venues.keys()) void this.reconciler.reconcileVenue(v, 'interval');
    }, this.reconcileIntervalMs);
    this.reconcileTimer.unref();
  }

  // ---- set-up ----------------------------------------------------------------------------------------

  /** Adds a venue and its rate limiter (optional: a venue without one is not throttled by the gateway). */
  registerAdapter(adapter: VenueAdapter, rateLimiter?: Limiter): void {
    if (this.venues.has(adapter.venueId))
      throw new ValidationError('venue', adapter.venueId, 'is already registered');
    const unsubscribe = adapter.subscribe((e) => this.onVenueEvent(adapter.venueId, e));
    this.venues.set(adapter.venueId, { adapter, limiter: rateLimiter, unsubscribe });
  }

  /** Replaces the risk engine (default: no policies, ACTIVE). */
  setRiskEngine(risk: RiskEngine): void {
    this.riskOff();
    this.risk = risk;
    this.listenToRisk();
    // a loss limit already breached today halts trading from the start
    risk.evaluateTradingState(this.riskContext);
  }

  /** Audits and publishes the risk engine's trading-state changes (the default engine's too). */
  private listenToRisk(): void {
    this.riskOff = this.risk.onStateChange((state, previous, reason) => {
      this.audit.warn({ kind: 'trading_state', state, previous, reason }, 'trading state changed');
      this.hub.publish({ type: 'risk', kind: 'state', state, previous, reason });
    });
  }

  /** The current risk engine. */
  get riskEngine(): RiskEngine {
    return this.risk;
  }

  /** The adapter registered for a venue. */
  adapter(venue: string): VenueAdapter {
    return this.slotFor(asVenueId(venue)).adapter;
  }

  /** The rate limiter registered for a venue, if any. */
  rateLimiter(venue: string): Limiter | undefined {
    return this.venues.get(asVenueId(venue))?.limiter;
  }

  /** Registered venue ids. */
  venueIds(): VenueId[] {
    return [...this.venues.keys()];
  }

  // ---- orders ----------------------------------------------------------------------------------------

  /**
   * Submits an order. Resolves with the order after the venue's answer: Working / PartiallyFilled /
   * Filled / Cancelled (IOC remainder) / Rejected (the venue refused: see `reason`), or Submitting when the
   * outcome is unknown (the engine settles it by asking the venue; watch the event stream or `whenSettled`).
   * Throws ValidationError, RiskRejected or RateLimitExceeded for orders refused before sending (nothing is
   * recorded for those). A repeated `clientOrderId` returns the first order and never reaches the venue twice.
   */
  submitOrder(request: OrderRequest): Promise<Order> {
    // Not an async function: a plain promise chain saves a wrapper promise per order on the hot path.
    try {
      if (this.phase !== 'ready')
        throw new NotReady(
          this.phase === 'recovering'
            ? 'not taking orders yet: recovering from the journal and reconciling with the venues'
            : 'not taking orders: the engine is closing',
          { phase: this.phase },
        );
      const now = this.clock.now();
      const order = normaliseOrderRequest(request, this.ids.next(now), now);
      // A generated client order id is new by construction; only a caller's key can repeat.
      const key = request.clientOrderId === undefined ? undefined : order.clientOrderId;
      if (key !== undefined) {
        const existing = this.tracker.getByClientOrderId(key);
        if (existing !== undefined || this.submitting.has(key)) return this.repeat(order, existing);
      }
      const slot = this.slotFor(order.venue);
      if (this.cfg.enableValidation)
        this.validator.validate(order, slot.adapter.instrument(order.market), now);
      const pending = this.send(order, slot, performance.now());
      if (key === undefined) return pending;
      this.submitting.set(key, pending);
      const forget = () => this.submitting.delete(key);
      pending.then(forget, forget);
      return pending;
    } catch (e) {
      return Promise.reject(e);
    }
  }

  private async repeat(order: Order, existing: Readonly<Order> | undefined): Promise<Order> {
    const inFlight = this.submitting.get(order.clientOrderId);
    const first = inFlight ? await inFlight : existing;
    if (first === undefined) throw new OrderNotFound(order.clientOrderId);
    if (!sameIntent(first, order)) {
      throw new ValidationError(
        'clientOrderId',
        order.clientOrderId,
        'was already used for a different order',
      );
    }
    return snapshot(this.tracker.getOrder(first.id) ?? first);
  }

  /** Runs pre-trade risk on a new order, or on a replacement of `current` (a modify). */
  private checkRisk(order: Order, current?: Order): void {
    try {
      if (current) this.risk.checkReplace(current, order, this.riskContext);
      else this.risk.check(order, this.riskContext);
    } catch (e) {
      if (e instanceof RiskRejected) {
        for (const p of e.policies) this.pipeline.count(MetricName.riskRejections, order.venue, p.policy);
        this.audit.info(
          {
            kind: 'risk_rejected',
            venue: order.venue,
            market: order.market,
            clientOrderId: order.clientOrderId,
            policies: e.policies,
          },
          'order refused by risk',
        );
        this.hub.publish({
          type: 'risk',
          kind: 'rejected',
          venue: order.venue,
          market: order.market,
          clientOrderId: order.clientOrderId,
          policies: e.policies,
        });
      }
      throw e;
    }
  }

  /** Asks the adapter to fix the order's venue id; a refusal throws VenueError (nothing is recorded). */
  private async prepare(adapter: VenueAdapter, order: Order): Promise<void> {
    let p: Awaited<ReturnType<NonNullable<VenueAdapter['prepareOrder']>>>;
    try {
      p = await adapter.prepareOrder!(order);
    } catch (e) {
      p = { kind: 'rejected', code: 'prepare_failed', message: (e as Error).message };
    }
    if (p.kind === 'rejected') {
      adapter.release?.(order.id);
      throw new VenueError(order.venue, `not sent: ${p.message}`, p.code);
    }
    if (p.venueOrderId !== undefined) order.venueOrderId = p.venueOrderId;
  }

  private async send(order: Order, slot: VenueSlot, start: number): Promise<Order> {
    // The slot is taken first so that nothing awaits between the risk decision and tracking the order:
    // risk always sees every order it approved. A slot spent on an order risk then refuses is not refunded.
    // A halted engine refuses at once rather than after a wait for a slot.
    if (this.cfg.enableRiskChecks && this.risk.tradingState === 'HALTED') this.checkRisk(order);
    const slotWait = this.takeSlot(slot, order.venue);
    if (slotWait) await slotWait;
    // What identifies the order at the venue (a signed order's hash) is fixed now, to be journaled with it.
    if (slot.adapter.prepareOrder !== undefined) await this.prepare(slot.adapter, order);
    if (this.cfg.enableRiskChecks) {
      try {
        this.checkRisk(order);
      } catch (e) {
        slot.adapter.release?.(order.id);
        throw e;
      }
    }
    this.tracker.trackOrder(order);
    const submitted: OrderEvent = {
      type: 'Submitted',
      orderId: order.id,
      ts: this.pipeline.now(),
      order: snapshot(order),
    };
    this.pipeline.apply(submitted);
    try {
      const durable = this.journal.append(submitted);
      if (durable) await durable;
    } catch (e) {
      // Write-ahead failed: nothing was sent, and the order must not look in flight.
      const message = `not sent: the journal could not record the order (${(e as Error).message})`;
      this.pipeline.apply({
        type: 'Rejected',
        orderId: order.id,
        ts: this.pipeline.now(),
        code: 'STORE_ERROR',
        reason: message,
      });
      throw new StoreError(this.journal.name, message, { cause: e });
    }
    let outcome: PlaceOutcome;
    try {
      outcome = await slot.adapter.placeOrder(order);
    } catch (e) {
      outcome = thrown(e);
    }
    if (this.cfg.enableMetrics) this.metrics.latencyMs(order.venue, performance.now() - start);
    const ts = this.pipeline.now();
    switch (outcome.kind) {
      case 'accepted':
        try {
          this.applyAck(order, outcome, ts);
        } catch (e) {
          // The venue has the order whatever went wrong here: never let the caller think it failed.
          this.pipeline.alert('ack', `ack of ${order.id} not applied: ${(e as Error).message}`, order.id);
          this.settler.watch(order.id, 'ack could not be applied');
        }
        break;
      case 'rejected':
        if (outcome.retryAfterMs !== undefined)
          slot.limiter?.pauseUntil(ts + outcome.retryAfterMs, outcome.message);
        this.pipeline.apply({
          type: 'Rejected',
          orderId: order.id,
          ts,
          code: outcome.code,
          reason: `${outcome.code}: ${outcome.message}`,
        });
        break;
      case 'unknown':
        this.audit.warn(
          { kind: 'outcome_unknown', orderId: order.id, venue: order.venue, reason: outcome.reason },
          'submit outcome unknown; asking the venue',
        );
        this.settler.watch(order.id, outcome.reason);
        break;
    }
    return snapshot(order);
  }

  /** Applies a venue's ack: the status it reports (the stream may have told us already) and its fills. */
  private applyAck(order: Order, ack: Extract<PlaceOutcome, { kind: 'accepted' }>, ts: number): void {
    const report = {
      market: order.market,
      venueOrderId: ack.venueOrderId,
      status: ack.status,
      filledSize: order.filledSize,
    };
    for (const e of eventsForReport(order, report, ts, 'venue ack')) this.pipeline.apply(e);
    if (ack.fills) for (const f of ack.fills) this.pipeline.applyFill(f, 'ack');
    const reportsFills = ack.status === OrderStatus.Filled || ack.status === OrderStatus.PartiallyFilled;
    const missing =
      ack.status === OrderStatus.Filled ? order.filledSize < order.size : order.filledSize === 0n;
    if (reportsFills && missing) this.settler.watch(order.id, 'ack reports fills not yet received');
  }

  /**
   * Takes a rate-limit slot: at once when one is free (no await, so what follows runs in the same turn),
   * or a promise to wait for.
   */
  private takeSlot(slot: VenueSlot, venue: string): Promise<void> | undefined {
    if (!slot.limiter || slot.limiter.tryAcquire()) return undefined;
    return this.waitForSlot(slot.limiter, venue);
  }

  private async waitForSlot(limiter: Limiter, venue: string): Promise<void> {
    // a hit is a real wait for budget (a shared limiter may only have had no leased units at hand)
    const waited = limiter.stats.waited;
    try {
      await limiter.check(1, { maxWaitMs: this.cfg.rateLimitMaxWaitMs });
    } catch (e) {
      this.pipeline.count(MetricName.rateLimitHits, venue);
      throw e;
    }
    if (limiter.stats.waited > waited) {
      this.pipeline.count(MetricName.rateLimitHits, venue);
      this.audit.info({ kind: 'rate_limited', venue }, 'waited for a rate-limit slot');
    }
  }

  /**
   * Cancels an order (by gateway order id or client order id). Resolves with the order: Cancelled, or
   * Cancelling when the answer is unknown (settled by asking the venue). Throws InvalidOrderState for an
   * order that can no longer be cancelled, and VenueError when the venue refuses (the order returns to
   * its previous status). Cancels never go through risk.
   */
  async cancelOrder(id: string): Promise<Order> {
    const order = this.find(id);
    const slot = this.slotOf(order);
    if (isTerminal(order.status) || order.status === OrderStatus.Pending) {
      throw new InvalidOrderState(order.id, order.status, 'CancelRequested', OrderStatus.Cancelling);
    }
    // The slot first: a cancel refused by the rate limiter leaves the order as it was, not Cancelling.
    if ((slot.adapter.budgetCost?.cancel ?? 1) > 0) {
      const slotWait = this.takeSlot(slot, order.venue);
      if (slotWait) await slotWait;
    }
    if (isTerminal(order.status))
      throw new InvalidOrderState(order.id, order.status, 'CancelRequested', OrderStatus.Cancelling);
    if (order.status !== OrderStatus.Cancelling) {
      this.pipeline.apply({ type: 'CancelRequested', orderId: order.id, ts: this.pipeline.now() });
    }
    let outcome: CancelOutcome;
    try {
      outcome = await slot.adapter.cancelOrder(order);
    } catch (e) {
      outcome = thrown(e);
    }
    const ts = this.pipeline.now();
    if (outcome.kind === 'cancelled') {
      if (!isTerminal(order.status))
        this.pipeline.apply({ type: 'Cancelled', orderId: order.id, ts, reason: 'cancel confirmed' });
    } else if (outcome.kind === 'rejected') {
      if (order.status === OrderStatus.Cancelling) {
        this.pipeline.apply({
          type: 'CancelRejected',
          orderId: order.id,
          ts,
          code: outcome.code,
          reason: `${outcome.code}: ${outcome.message}`,
        });
      }
      this.settler.watch(order.id, 'cancel refused; confirming the order status');
      throw new VenueError(order.venue, `cancel refused: ${outcome.message}`, outcome.code);
    } else {
      this.audit.warn(
        { kind: 'outcome_unknown', orderId: order.id, venue: order.venue, reason: outcome.reason },
        'cancel outcome unknown; asking the venue',
      );
      this.settler.watch(order.id, outcome.reason);
    }
    return snapshot(order);
  }

  /**
   * Changes the price and / or size of a working order. The new values are validated and risk-checked
   * like a new order. Resolves with the amended order; throws VenueError when the venue refuses.
   */
  async modifyOrder(id: string, change: { price?: number | string; size?: number | string }): Promise<Order> {
    const order = this.find(id);
    const slot = this.slotOf(order);
    if (order.status !== OrderStatus.Working && order.status !== OrderStatus.PartiallyFilled) {
      throw new InvalidOrderState(order.id, order.status, 'Amended');
    }
    if (typeof change !== 'object' || change === null) {
      throw new ValidationError('change', change, 'must be an object with price and/or size');
    }
    const price = change.price === undefined ? undefined : parseDecimalField('price', change.price);
    const size = change.size === undefined ? undefined : parseDecimalField('size', change.size);
    if (price === undefined && size === undefined) {
      throw new ValidationError('change', change, 'must give price and/or size');
    }
    if (size !== undefined && size <= order.filledSize) {
      throw new ValidationError(
        'size',
        fmt(size),
        `must be greater than the filled size ${fmt(order.filledSize)}`,
      );
    }
    const proposed: Order = { ...order, price: price ?? order.price, size: size ?? order.size } as Order;
    if (this.cfg.enableValidation) {
      this.validator.validate(proposed, slot.adapter.instrument(order.market), this.clock.now());
    }
    const slotWait = this.takeSlot(slot, order.venue);
    if (slotWait) await slotWait;
    // Per-order policies see the whole new order, exposure policies only its increase, which is held
    // in the exposure risk sees until the venue answers, so that racing submits are judged on it.
    if (this.cfg.enableRiskChecks) this.checkRisk(proposed, order);
    const increase = (proposed.size - order.size) as Decimal;
    const release = increase > 0n ? this.pendingIncreases.hold(order, increase, proposed.price) : undefined;
    let outcome: ModifyOutcome;
    try {
      outcome = await slot.adapter.modifyOrder(order, price, size);
    } catch (e) {
      outcome = thrown(e);
    }
    if (outcome.kind !== 'unknown') release?.();
    else if (release) void this.settler.whenSettled(order.id).then(release);
    if (outcome.kind === 'amended') {
      const amended: OrderEvent = { type: 'Amended', orderId: order.id, ts: this.pipeline.now() };
      const newPrice = outcome.price ?? price;
      const newSize = outcome.size ?? size;
      this.pipeline.apply({
        ...amended,
        ...(newPrice === undefined ? {} : { price: newPrice }),
        ...(newSize === undefined ? {} : { size: newSize }),
        ...(outcome.venueOrderId ? { venueOrderId: outcome.venueOrderId } : {}),
      });
    } else if (outcome.kind === 'rejected') {
      throw new VenueError(order.venue, `modify refused: ${outcome.message}`, outcome.code);
    } else {
      this.settler.watch(order.id, `modify outcome unknown: ${outcome.reason}`);
    }
    return snapshot(order);
  }

  /** The order with this gateway id or client order id; throws OrderNotFound. */
  getStatus(id: string): Order {
    return snapshot(this.find(id));
  }

  /** Active (non-terminal) orders, optionally filtered. */
  getActiveOrders(filter?: Parameters<OrderTracker['getActiveOrders']>[0]): Order[] {
    return this.tracker.getActiveOrders(filter).map(snapshot);
  }

  /** The position on one (venue, market). */
  getPosition(venue: string, market: string): Position {
    return this.tracker.getPosition(asVenueId(venue), market as MarketId);
  }

  /** Every position. */
  getPositions(): Position[] {
    return this.tracker.getPositions();
  }

  /**
   * Records a fill reported from outside the venue stream (e.g. a drop-copy). De-duplicated by
   * (venue, trade id): a repeat changes nothing.
   */
  recordFill(fill: Fill): Applied {
    if (typeof fill !== 'object' || fill === null)
      throw new ValidationError('fill', fill, 'must be a Fill object');
    return this.pipeline.applyFill(fill, 'recordFill');
  }

  /** Resolves when the order is no longer in flight (Submitting / Cancelling). */
  whenSettled(id: string): Promise<Order> {
    return this.settler.whenSettled(this.find(id).id);
  }

  /** Number of orders being settled by status queries right now. */
  get unsettledCount(): number {
    return this.settler.size;
  }

  // ---- events ----------------------------------------------------------------------------------------

  /** Listens to order, fill, risk, venue and alert events; returns an unsubscribe function. */
  on(listener: EngineListener): () => void {
    return this.hub.on(listener);
  }

  /**
   * Listens to the journal's history as {@link recover} replays it: each record as the order or fill event
   * it was when first applied, with its place in the journal (0-based; `undefined` for a record that could
   * not be applied). Register before `recover()`. Returns an unsubscribe function.
   */
  onReplayed(listener: (event: EngineEvent | undefined, ordinal: number) => void): () => void {
    if (this.replayStarted)
      throw new TypeError('listen to the replay before recover(): the journal has already been replayed');
    this.history = [...this.history, listener];
    return () => {
      this.history = this.history.filter((l) => l !== listener);
    };
  }

  /** Async iterator over engine events from now on, until `signal` aborts. */
  events(signal?: AbortSignal): AsyncGenerator<EngineEvent> {
    return this.hub.iterate(signal);
  }

  /** Stops settling, unsubscribes from venues and closes them and the journal. */
  async close(): Promise<void> {
    this.phase = 'closing';
    clearInterval(this.reconcileTimer);
    this.settler.stop();
    this.riskOff();
    for (const slot of this.venues.values()) {
      slot.unsubscribe();
      await slot.limiter?.close('engine closed');
      await slot.adapter.close();
    }
    await this.journal.close();
    this.metrics.flush();
    await flushAuditLog(this.audit);
  }

  // ---- internals ---------------------------------------------------------------------------------------

  private slotOf(order: Readonly<Order>): VenueSlot {
    return this.slotFor(order.venue);
  }

  private slotFor(venue: VenueId): VenueSlot {
    const slot = this.venues.get(venue);
    if (slot) return slot;
    const known = [...this.venues.keys()].join(', ') || 'none';
    throw new ValidationError('venue', venue, `is not registered (known: ${known})`);
  }

  private find(id: string): Order {
    const o = this.tracker.getOrder(asOrderId(id)) ?? this.tracker.getByClientOrderId(asClientOrderId(id));
    if (!o) throw new OrderNotFound(id);
    return o as Order;
  }

  private onVenueEvent(venue: VenueId, e: VenueEvent): void {
    try {
      if (e.type === 'fill') {
        if (this.tracker.getOrder(e.fill.orderId)) this.pipeline.applyFill(e.fill, 'venue stream');
        else
          this.pipeline.alert(
            'unknown_fill',
            `fill ${e.fill.tradeId} for an order this gateway does not know (${e.fill.orderId})`,
          );
      } else if (e.type === 'fill_reversed') {
        if (this.tracker.getOrder(e.fill.orderId)) this.pipeline.reverseFill(e.fill, e.reason);
        else
          this.pipeline.alert(
            'unknown_fill',
            `reversal of ${e.fill.tradeId} for an unknown order: ${e.reason}`,
          );
      } else if (e.type === 'order') {
        this.settler.applyReport(venue, e.report, 'venue stream');
      } else {
        this.audit.warn(
          { kind: 'venue_connection', venue, state: e.state, reason: e.reason },
          `venue ${e.state}`,
        );
        this.hub.publish({ type: 'venue', venue, state: e.state, ...(e.reason ? { reason: e.reason } : {}) });
        // every active order asked about, missed fills applied, unknown open orders adopted
        if (e.state === 'reconnected') void this.reconciler.reconcileVenue(venue, 'stream reconnected');
      }
    } catch (err) {
      // A venue's bad or surprising event is reported, never allowed to take the gateway down.
      this.pipeline.alert('venue_event', `${venue} event not applied: ${(err as Error).message}`);
    }
  }
}

/** An adapter that throws instead of classifying its answer: the outcome is unknown. */
function thrown(e: unknown): { kind: 'unknown'; reason: string } {
  return { kind: 'unknown', reason: `adapter threw: ${(e as Error).message}` };
}
