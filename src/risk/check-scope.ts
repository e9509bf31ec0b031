/**
 * CheckScope: the {@link RiskContext} the policies see during one `RiskEngine` check. It reads through to the
 * engine's context, but reads `openExposures()` and `positions()` at most once per check, however many
 * policies ask (InventoryLimit, DailyNotionalLimit and DailyLossLimit all do), and reads the open exposures
 * market by market when the markets are those of the previous check (see `readExposures`). Nothing changes
 * the context while the policies run, so every policy sees exactly what it would have seen on its own.
 */
import type { Decimal, MarketId, OpenExposure, Position, VenueId } from '../domain/index.ts';
import type { RiskContext } from './risk-context.ts';

type ExposureEntry = { venue: VenueId; market: MarketId; exposure: OpenExposure };

/** A reusable per-check view of a {@link RiskContext}: `begin(ctx)`, run the policies, then `end()`. */
export class CheckScope implements RiskContext {
  private ctx: RiskContext | undefined;
  private readonly exposureList: ExposureEntry[] = [];
  private exposuresRead = false;
  private readonly positionList: Position[] = [];
  private positionsRead = false;

  /** Starts a check over `ctx`. */
  begin(ctx: RiskContext): this {
    this.ctx = ctx;
    this.exposuresRead = false;
    this.positionsRead = false;
    return this;
  }

  /** Ends the check (what it read is kept for reuse and overwritten by the next one). */
  end(): void {
    this.ctx = undefined;
    this.exposuresRead = false;
    this.positionsRead = false;
  }

  position(venue: VenueId, market: MarketId): Position {
    return this.inner().position(venue, market);
  }

  openExposure(venue: VenueId, market: MarketId): OpenExposure {
    return this.inner().openExposure(venue, market);
  }

  openExposures(): Iterable<ExposureEntry> {
    if (!this.exposuresRead) {
      this.readExposures();
      this.exposuresRead = true;
    }
    return this.exposureList;
  }

  positions(): Iterable<Position> {
    const list = this.positionList;
    if (!this.positionsRead) {
      let n = 0;
      for (const p of this.inner().positions()) list[n++] = p;
      if (list.length !== n) list.length = n;
      this.positionsRead = true;
    }
    return list;
  }

  activeOrderCount(): number {
    return this.inner().activeOrderCount();
  }

  referencePrice(venue: VenueId, market: MarketId): Decimal | undefined {
    return this.inner().referencePrice(venue, market);
  }

  /**
   * Fills the exposure list. First re-reads the markets of the previous check one by one (`openExposure`,
   * much cheaper than the full walk): when each still has active orders and together they hold all
   * `activeOrderCount()` active orders, no other market has any, so the list is complete and exact.
   * Otherwise walks `openExposures()`. The entries are reused objects (a context may reuse what it yields).
   */
  private readExposures(): void {
    const ctx = this.inner();
    const list = this.exposureList;
    const n = list.length;
    if (n > 0) {
      let orders = 0;
      let i = 0;
      for (; i < n; i++) {
        const e = list[i]!;
        const x = ctx.openExposure(e.venue, e.market);
        if (x.openOrders === 0) break;
        e.exposure = x;
        orders += x.openOrders;
      }
      if (i === n && orders === ctx.activeOrderCount()) return;
    }
    let m = 0;
    for (const e of ctx.openExposures()) {
      const slot = list[m++];
      if (slot === undefined) {
        list.push({ venue: e.venue, market: e.market, exposure: e.exposure });
      } else {
        slot.venue = e.venue;
        slot.market = e.market;
        slot.exposure = e.exposure;
      }
    }
    if (list.length !== m) list.length = m;
  }

  private inner(): RiskContext {
    const ctx = this.ctx;
    if (ctx === undefined) throw new Error('CheckScope used outside a check');
    return ctx;
  }
}
