/**
 * `POST /v1/heartbeats`: once an API key has sent a heartbeat, going `timeoutMs` without another cancels
 * all of its live orders. Expiry is checked on every request and by an unref'd interval timer, both
 * against the simulator clock (so a manual clock drives it in tests).
 */
import type { Clock } from '../../domain/index.ts';
import type { SeededRandom } from '../seeded-random.ts';

interface Session {
  readonly id: string;
  deadline: number;
}

/** Reply of one heartbeat: HTTP status and body. */
export interface HeartbeatReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Heartbeat sessions per API key. */
export class Heartbeats {
  private readonly sessions = new Map<string, Session>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly rng: SeededRandom,
    /** Silence after which the key's orders are cancelled, ms. */
    readonly timeoutMs: number,
    private readonly onExpire: (apiKey: string) => void,
  ) {}

  /**
   * One heartbeat of `apiKey` carrying `givenId`: `""` starts a session (or continues the current one),
   * the current id continues it, any other id is refused with 400.
   */
  beat(apiKey: string, givenId: unknown): HeartbeatReply {
    this.check();
    const now = this.clock.now();
    const s = this.sessions.get(apiKey);
    if (givenId !== '' && (s === undefined || givenId !== s.id)) {
      const text = 'Invalid Heartbeat ID';
      return { status: 400, body: { heartbeat_id: s?.id ?? '', error_msg: text, error: text } };
    }
    if (s !== undefined) {
      s.deadline = now + this.timeoutMs;
      return { status: 200, body: { heartbeat_id: s.id } };
    }
    const id = this.rng.uuid();
    this.sessions.set(apiKey, { id, deadline: now + this.timeoutMs });
    this.arm();
    return { status: 200, body: { heartbeat_id: id } };
  }

  /** Ends the overdue sessions and cancels their keys' orders. */
  check(): void {
    if (this.sessions.size === 0) return;
    const now = this.clock.now();
    for (const [key, s] of this.sessions) {
      if (now > s.deadline) {
        this.sessions.delete(key);
        this.onExpire(key);
      }
    }
    if (this.sessions.size === 0) this.stop();
  }

  /** Stops the timer. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer !== undefined) return;
    const every = Math.min(1000, Math.max(10, Math.floor(this.timeoutMs / 4)));
    this.timer = setInterval(() => this.check(), every);
    this.timer.unref();
  }
}
