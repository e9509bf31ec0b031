/**
 * The link of a shared limiter to Redis: the client (opened from a URL, loading ioredis only then, or
 * given by the caller), a subscriber for pauses published by other processes, and calls of the bucket
 * script that fail fast (never queued while disconnected, bounded by a timeout) so that an outage is
 * seen at once.
 */
import type { Redis } from 'ioredis';
import { runSharedGcra } from './shared-gcra-script.ts';

/** @internal Handlers the link calls. */
export interface LinkHandlers {
  /** The connection (re)became ready. */
  onReady(): void;
  /** Another process published a pause: `ms` from now, and why. */
  onPause(ms: number, reason: string): void;
}

/** @internal Redis connection of one limiter. */
export class RedisLink {
  private sub: Redis | undefined;
  private readonly opening: Promise<Redis>;
  private readonly owned: boolean;
  private closed = false;

  constructor(
    source: string | Redis,
    private readonly key: string,
    private readonly timeoutMs: number,
    private readonly retryMs: number,
    private readonly handlers: LinkHandlers,
  ) {
    this.owned = typeof source === 'string';
    this.opening =
      typeof source === 'string'
        ? import('ioredis').then(({ Redis: R }) => this.attach(new R(source, this.clientOptions())))
        : Promise.resolve(this.attach(source));
    this.opening.catch(() => {});
  }

  /** Runs the bucket script; rejects at once when not connected, or after the timeout. */
  async call(args: readonly string[]): Promise<string[]> {
    const redis = await this.opening;
    if (this.closed) throw new Error('redis link closed');
    if (redis.status !== 'ready') await this.whenReady(redis);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`redis did not answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([runSharedGcra(redis, this.key, args), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the subscriber, and the client when the link opened it. */
  async close(): Promise<void> {
    this.closed = true;
    const redis = await this.opening.catch(() => undefined);
    redis?.off('ready', this.readyListener);
    this.sub?.disconnect();
    if (this.owned && redis !== undefined) {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    }
  }

  private readonly readyListener = (): void => {
    if (!this.closed) this.handlers.onReady();
  };

  private attach(redis: Redis): Redis {
    if (this.owned) redis.on('error', () => {}); // every failure surfaces through call()
    redis.on('ready', this.readyListener);
    // The subscriber may queue its SUBSCRIBE until it is connected, and resubscribes after a reconnect.
    const sub = redis.duplicate({
      ...this.clientOptions(),
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
    });
    this.sub = sub;
    sub.on('error', () => {});
    sub.on('message', (_channel: string, message: string) => {
      const sp = message.indexOf(' ');
      const ms = Number(sp < 0 ? message : message.slice(0, sp));
      if (Number.isFinite(ms) && ms > 0) this.handlers.onPause(ms, sp < 0 ? '' : message.slice(sp + 1));
    });
    sub.subscribe(`${this.key}:pause`).catch(() => {});
    return redis;
  }

  private clientOptions() {
    return {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: Math.max(this.timeoutMs, 1000),
      retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 10), this.retryMs),
    };
  }

  /** Waits for a connection that is being made; fails at once when it was lost (reconnecting). */
  private whenReady(redis: Redis): Promise<void> {
    const s = redis.status;
    if (s !== 'connecting' && s !== 'connect' && s !== 'wait') {
      return Promise.reject(new Error(`redis connection is ${s}`));
    }
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error): void => {
        clearTimeout(timer);
        redis.off('ready', onReady);
        if (err) reject(err);
        else resolve();
      };
      const onReady = (): void => done();
      const timer = setTimeout(
        () => done(new Error(`redis not connected within ${this.timeoutMs} ms (${redis.status})`)),
        this.timeoutMs,
      );
      redis.once('ready', onReady);
    });
  }
}
