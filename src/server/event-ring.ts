/**
 * The stream's memory: engine events kept in a bounded ring with sequence numbers, so that a client that
 * reconnects with `since` gets what it missed, across a restart too.
 *
 * An order or fill event's `seq` is its place in the journal (1 for the first record): the same event has
 * the same number after a restart, because the ring is refilled from the journal as the engine replays it
 * (`engine.onReplayed`). Risk, venue and alert events are notices, not journaled: a notice carries the
 * `seq` of the order or fill event before it and `notice: true`; a resume with `since = n` gives the
 * notices after event n again (at least once), and none from before a restart.
 *
 * A JSON message is built once, when first needed (a live subscriber, or a replay): with nobody
 * listening, an event costs a slot and nothing more.
 */
import type { EngineEvent, ExecutionEngine } from '../engine/index.ts';
import { fillView, orderView } from './views.ts';

/** The five kinds of stream events. */
export const STREAM_TYPES = ['order', 'fill', 'risk', 'venue', 'alert'] as const;
/** One kind of stream event. */
export type StreamType = (typeof STREAM_TYPES)[number];

/** One sequenced event as clients receive it. */
export interface StreamMessage {
  readonly seq: number;
  readonly type: StreamType;
  /** Wall-clock time the service saw it (ms). */
  readonly ts: number;
  readonly venue?: string;
  readonly market?: string;
  /** Present (true) on risk, venue and alert events: not journaled, `seq` is that of the event before. */
  readonly notice?: true;
  readonly data: Record<string, unknown>;
}

/** One held event: its message is built on first use (the event's order is a snapshot: it never changes). */
interface Held {
  readonly seq: number;
  /** An order or fill event (numbered by the journal); false for a notice. */
  readonly durable: boolean;
  readonly ts: number;
  readonly event: EngineEvent;
  message: StreamMessage | undefined;
}

function messageOf(h: Held): StreamMessage {
  if (h.message === undefined) h.message = toMessage(h.event, h.seq, h.ts);
  return h.message;
}

/** Sequenced engine events in a bounded ring, with live subscribers. */
export class EventRing {
  private readonly ring: Held[] = [];
  private head = 0;
  /** Journal records seen: the seq of the newest order or fill event. */
  private seq = 0;
  private readonly subscribers = new Set<(m: StreamMessage) => void>();
  private readonly offs: (() => void)[];

  constructor(
    engine: ExecutionEngine,
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    if (!(capacity >= 1)) throw new TypeError('stream ring capacity must be >= 1');
    this.offs = [
      engine.on((e) => this.push(e)),
      engine.onReplayed((e, ordinal) => {
        this.seq = ordinal + 1;
        if (e !== undefined)
          this.hold({ seq: this.seq, durable: true, ts: eventTime(e), event: e, message: undefined });
      }),
    ];
  }

  /** Sequence number of the newest order or fill event (0 before the first). */
  get lastSeq(): number {
    return this.seq;
  }

  /**
   * The smallest order / fill sequence number still held (lastSeq + 1 when none): a resume from
   * `since >= oldestSeq - 1` misses nothing.
   */
  get oldestSeq(): number {
    const n = this.ring.length;
    if (n === 0) return this.seq + 1;
    const oldest = this.ring[this.head % n]!;
    return oldest.durable ? oldest.seq : oldest.seq + 1;
  }

  /** What came after order / fill event `since`, oldest first (only what the ring still holds). */
  since(since: number): StreamMessage[] {
    const out: StreamMessage[] = [];
    const n = this.ring.length;
    for (let i = 0; i < n; i++) {
      const h = this.ring[(this.head + i) % n]!;
      if (h.durable ? h.seq > since : h.seq >= since) out.push(messageOf(h));
    }
    return out;
  }

  /** Listens to new messages; returns the unsubscribe function. */
  subscribe(fn: (m: StreamMessage) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  /** Stops listening to the engine. */
  close(): void {
    for (const off of this.offs) off();
    this.subscribers.clear();
  }

  private push(e: EngineEvent): void {
    const durable = e.type === 'order' || e.type === 'fill';
    const h: Held = {
      seq: durable ? ++this.seq : this.seq,
      durable,
      ts: this.now(),
      event: e,
      message: undefined,
    };
    this.hold(h);
    if (this.subscribers.size === 0) return;
    const m = messageOf(h);
    for (const s of [...this.subscribers]) {
      try {
        s(m);
      } catch {
        // one broken client never stops the others
      }
    }
  }

  private hold(h: Held): void {
    if (this.ring.length < this.capacity) this.ring.push(h);
    else {
      this.ring[this.head] = h;
      this.head = (this.head + 1) % this.capacity;
    }
  }
}

/** When a replayed order or fill event happened. */
function eventTime(e: EngineEvent): number {
  return e.type === 'order' ? e.event.ts : e.type === 'fill' ? e.fill.timestamp : 0;
}

function toMessage(e: EngineEvent, seq: number, ts: number): StreamMessage {
  switch (e.type) {
    case 'order': {
      const { type, reason } = e.event;
      const code = 'code' in e.event ? e.event.code : undefined;
      return {
        seq,
        type: 'order',
        ts,
        venue: e.order.venue,
        market: e.order.market,
        data: {
          event: {
            type,
            ts: e.event.ts,
            ...(reason === undefined ? {} : { reason }),
            ...(code ? { code } : {}),
          },
          order: orderView(e.order),
        },
      };
    }
    case 'fill':
      return {
        seq,
        type: 'fill',
        ts,
        venue: e.fill.venue,
        market: e.fill.market,
        data: { fill: fillView(e.fill), order: orderView(e.order) },
      };
    case 'risk':
      if (e.kind === 'rejected') {
        return {
          seq,
          type: 'risk',
          ts,
          venue: e.venue,
          market: e.market,
          notice: true,
          data: { ...e, policies: e.policies.map((p) => ({ ...p })) },
        };
      }
      return { seq, type: 'risk', ts, notice: true, data: { ...e } };
    case 'venue':
      return { seq, type: 'venue', ts, venue: e.venue, notice: true, data: { ...e } };
    case 'alert':
      return { seq, type: 'alert', ts, notice: true, data: { ...e } };
  }
}
