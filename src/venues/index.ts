/** `venues/`: the VenueAdapter contract and the adapters. */
export * from './binance/index.ts';
export * from './direct-order.ts';
export * from './paper/index.ts';
export * from './polymarket/index.ts';
export * from './uniswap/index.ts';
export * from './venue-adapter.ts';
