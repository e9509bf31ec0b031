/**
 * VenueListeners: a venue adapter's event subscribers (the adapters share it). Every event goes to each
 * listener in turn; a listener that throws does not stop the others.
 */
import type { VenueEvent, VenueListener } from './venue-adapter.ts';

/** Where the venue's parts send their events. */
export interface EventSink {
  /** Delivers one event to every listener. */
  emit(e: VenueEvent): void;
}

/** The set of listeners of one venue. */
export class VenueListeners implements EventSink {
  readonly #listeners = new Set<VenueListener>();

  /** Adds a listener; returns its unsubscribe function. */
  subscribe(listener: VenueListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Delivers one event to every listener (a snapshot of them, so a listener may unsubscribe). */
  emit(e: VenueEvent): void {
    for (const l of [...this.#listeners]) {
      try {
        l(e);
      } catch {
        // a listener's failure is its own
      }
    }
  }

  /** Drops every listener. */
  clear(): void {
    this.#listeners.clear();
  }
}
