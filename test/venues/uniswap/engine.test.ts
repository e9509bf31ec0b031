/**
 * The Uniswap adapter behind the ExecutionEngine: a market order goes through prepare (tx hash journaled
 * first), send, receipt and fills into a position; and after a gateway restart with swaps still pending
 * (automine off), a second engine over the same SQLite journal recovers them by hash and settles each
 * exactly once when the block is mined.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dec, OrderStatus } from '../../../src/domain/index.ts';
import { ExecutionEngine } from '../../../src/engine/index.ts';
import { ValidationError } from '../../../src/errors/index.ts';
import { SqliteJournal } from '../../../src/store/index.ts';
import { createUniswapVenue } from '../../../src/venues/uniswap/index.ts';
import {
  backgroundMiner,
  minedCount,
  order,
  rpc,
  startChain,
  until,
  v3OnlyConfig,
  venueConfig,
} from './chain-support.ts';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

describe('uniswap adapter behind the engine', () => {
  it('a market order: journaled tx hash, fills, position in token units', async () => {
    const chain = await startChain();
    closers.push(() => chain.stop());
    const venue = await createUniswapVenue(venueConfig(chain, 0));
    closers.push(() => venue.close());
    const engine = new ExecutionEngine({ enableRiskChecks: false });
    closers.push(() => engine.close());
    engine.registerAdapter(venue);
    const o = await engine.submitOrder({ venue: 'uniswap', market: 'WETH/USD', side: 'Sell', size: '1.5' });
    expect(o.status).toBe(OrderStatus.Filled);
    expect(o.venueOrderId).toMatch(/^0x[0-9a-f]{64}$/);
    expect(o.filledSize).toBe(dec('1.5'));
    const position = engine.getPosition('uniswap', 'WETH/USD');
    expect(position.netSize).toBe(dec('-1.5'));
    // gas is paid in ETH, not in the market's quote (USD): listed by asset, not in the quote-currency fees
    expect(o.fees > 0n).toBe(true);
    expect(position.feesByAsset).toEqual({ ETH: o.fees });
    expect(position.fees).toBe(0n);
    const refused = await engine
      .submitOrder({
        venue: 'uniswap',
        market: 'WETH/USD',
        side: 'Buy',
        size: '1',
        price: '2000',
        timeInForce: 'GTC',
      })
      .catch((e: Error) => e);
    // the market's rules name what a pool can honour: refused by validation, nothing signed
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused).toMatchObject({ field: 'timeInForce', rule: 'unsupported' });
    expect(String(refused)).toMatch(/nothing rests on a pool/);
  }, 30_000);

  it('recovers pending swaps after a restart: each settles once, none re-sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-uni-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'journal.db');
    const chain = await startChain({ automine: false });
    closers.push(() => chain.stop());
    const cfg = v3OnlyConfig(chain, 0, { receiptTimeoutMs: 100, pollIntervalMs: 20 });
    const venue1 = await createUniswapVenue(cfg);
    const stop = backgroundMiner(chain);
    for (const side of ['Sell', 'Buy'] as const)
      expect((await venue1.placeOrder(order({ side, size: dec('0.01') }))).kind).toBe('accepted');
    await stop();
    const base = await minedCount(chain, venue1.address);
    const engine1 = new ExecutionEngine({
      enableRiskChecks: false,
      journal: SqliteJournal.open(file),
      settle: { initialDelayMs: 60_000 }, // the crash comes before any settling
    });
    engine1.registerAdapter(venue1);
    const a = await engine1.submitOrder({ venue: 'uniswap', market: 'WETH/USD', side: 'Sell', size: '0.7' });
    const b = await engine1.submitOrder({ venue: 'uniswap', market: 'WETH/USD', side: 'Buy', size: '0.4' });
    expect([a.status, b.status]).toEqual([OrderStatus.Submitting, OrderStatus.Submitting]);
    await new Promise((r) => setTimeout(r, 50)); // journal appends committed
    await engine1.close();
    await venue1.close();

    const venue2 = await createUniswapVenue(cfg);
    closers.push(() => venue2.close());
    const engine2 = new ExecutionEngine({ enableRiskChecks: false, journal: SqliteJournal.open(file) });
    closers.push(() => engine2.close());
    engine2.registerAdapter(venue2);
    await engine2.recover();
    await rpc(chain, 'evm_mine');
    await until(
      () => [a.id, b.id].every((id) => engine2.getStatus(id)?.status === OrderStatus.Filled),
      10_000,
      'both recovered orders to fill',
    );
    expect(engine2.getStatus(a.id)?.filledSize).toBe(dec('0.7'));
    expect(engine2.getStatus(b.id)?.filledSize).toBe(dec('0.4'));
    expect(engine2.getPosition('uniswap', 'WETH/USD').netSize).toBe(dec('-0.3'));
    expect(await minedCount(chain, venue2.address)).toBe(base + 2);
  }, 30_000);
});
