/**
 * The stream's memory: every engine event gets a sequence number and is kept in a bounded ring so that a
 * client that reconnects with `since` gets what it missed. Its JSON message is built once, when first
 * needed (a live subscriber, or a replay): with nobody listening, an event costs a slot and nothing more.
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
  readonly data: Record<string, unknown>;
}

/** One held event: its message is built on first use (the event's order is a snapshot: it never changes). */
interface Held {
  readonly seq: number;
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
  private seq = 0;
  private readonly subscribers = new Set<(m: StreamMessage) => void>();
  private readonly off: () => void;

  constructor(
    engine: ExecutionEngine,
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    if (!(capacity >= 1)) throw new TypeError('stream ring capacity must be >= 1');
    this.off = engine.on((e) => this.push(e));
  }

  /** Sequence number of the newest event (0 before the first). */
  get lastSeq(): number {
    return this.seq;
  }

  /** Sequence number of the oldest event still held (lastSeq + 1 when empty). */
  get oldestSeq(): number {
    return this.seq - this.ring.length + 1;
  }

  /** Events with `seq > since`, oldest first (only what the ring still holds). */
  since(since: number): StreamMessage[] {
    const out: StreamMessage[] = [];
    const n = this.ring.length;
    for (let i = 0; i < n; i++) {
      const h = this.ring[(this.head + i) % n]!;
      if (h.seq > since) out.push(messageOf(h));
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
    this.off();
    this.subscribers.clear();
  }

  private push(e: EngineEvent): void {
    const h: Held = { seq: ++this.seq, ts: this.now(), event: e, message: undefined };
    if (this.ring.length < this.capacity) this.ring.push(h);
    else {
      this.ring[this.head] = h;
      this.head = (this.head + 1) % this.capacity;
    }
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
          data: { ...e, policies: e.policies.map((p) => ({ ...p })) },
        };
      }
      return { seq, type: 'risk', ts, data: { ...e } };
    case 'venue':
      return { seq, type: 'venue', ts, venue: e.venue, data: { ...e } };
    case 'alert':
      return { seq, type: 'alert', ts, data: { ...e } };
  }
}
