/** `metrics/`: metric emission in the original JSON protocol and Prometheus. */
export * from './metrics.ts';
