/**
 * What the engine publishes: order, fill, risk, venue and alert events, to listeners and async iterators.
 */
import type { Fill, Order, OrderEvent } from '../domain/index.ts';
import type { PolicyViolation } from '../errors/index.ts';

/** One event from the engine. `order` is a snapshot taken when the event was applied. */
export type EngineEvent =
  | { readonly type: 'order'; readonly event: OrderEvent; readonly order: Readonly<Order> }
  | { readonly type: 'fill'; readonly fill: Fill; readonly order: Readonly<Order> }
  | {
      readonly type: 'risk';
      readonly kind: 'rejected';
      readonly venue: string;
      readonly market: string;
      readonly clientOrderId?: string;
      readonly policies: readonly PolicyViolation[];
    }
  | {
      readonly type: 'risk';
      readonly kind: 'state';
      readonly state: string;
      readonly previous: string;
      readonly reason: string;
    }
  | { readonly type: 'venue'; readonly venue: string; readonly state: string; readonly reason?: string }
  | { readonly type: 'alert'; readonly kind: string; readonly message: string; readonly orderId?: string };

/** A listener for {@link EngineEvent}s. */
export type EngineListener = (event: EngineEvent) => void;

/** Fan-out of engine events to listeners and to async iterators. */
export class EventHub {
  private listeners: EngineListener[] = [];

  /** True when someone listens (lets the engine skip building snapshots otherwise). */
  get active(): boolean {
    return this.listeners.length > 0;
  }

  /** Adds a listener; returns a function that removes it. A throwing listener never breaks the engine. */
  on(listener: EngineListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  publish(event: EngineEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // listeners are outside the engine's responsibility
      }
    }
  }

  /** An async iterator over events from now on, until `signal` aborts. */
  async *iterate(signal?: AbortSignal): AsyncGenerator<EngineEvent> {
    const queue: EngineEvent[] = [];
    let wake: (() => void) | undefined;
    const off = this.on((e) => {
      queue.push(e);
      wake?.();
    });
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      while (!signal?.aborted) {
        const next = queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      off();
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
