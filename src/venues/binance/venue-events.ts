/**
 * VenueEvents: the Binance venue's event subscribers ({@link VenueListeners}), with fill de-duplication by trade id (the place
 * ack, the stream and a gap-fill may all report one trade: it is emitted once) over a bounded window of
 * recent trade ids. A listener that throws does not stop the others.
 */
import type { Fill } from '../../domain/index.ts';
import type { VenueOrderReport } from '../venue-adapter.ts';
import { VenueListeners } from '../venue-listeners.ts';

/** Most trade ids remembered for de-duplication. */
const MAX_SEEN = 100_000;

/** The listeners of one venue and its emitted-fill memory. */
export class VenueEvents extends VenueListeners {
  readonly #seen = new Set<string>();
  /** Time (ms) of the latest trade seen (the gap-fill reads trades from there). */
  lastTradeMs = 0;

  /** Emits an order report. */
  report(report: VenueOrderReport): void {
    this.emit({ type: 'order', report });
  }

  /** Emits a fill unless its trade id was emitted before; true when emitted. */
  fill(f: Fill): boolean {
    const key = f.tradeId as string;
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    if (this.#seen.size > MAX_SEEN) {
      const first = this.#seen.values().next().value;
      if (first !== undefined) this.#seen.delete(first);
    }
    if (f.timestamp > this.lastTradeMs) this.lastTradeMs = f.timestamp;
    this.emit({ type: 'fill', fill: f });
    return true;
  }
}
