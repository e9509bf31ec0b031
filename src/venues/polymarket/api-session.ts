/**
 * ApiSession: the Polymarket venue's connection state: the venue clock offset (when `useServerTime`)
 * and the L2 API credentials, configured or created with L1 auth (`POST /auth/api-key`, falling back to
 * `GET /auth/derive-api-key`). Connecting is shared by concurrent callers and retried after a failure.
 */
import type { Clock, VenueId } from '../../domain/index.ts';
import { createOrDeriveApiKey } from './api-key.ts';
import { type ApiCredentials, L2Authenticator } from './auth-headers.ts';
import type { ClobHttp } from './clob-http.ts';
import type { EcdsaSigner } from './ecdsa-signer.ts';
import type { ResolvedPolymarketConfig } from './polymarket-config.ts';

/** What an {@link ApiSession} connects with. */
export interface ApiSessionDeps {
  readonly cfg: ResolvedPolymarketConfig;
  readonly http: ClobHttp;
  readonly ecdsa: EcdsaSigner;
  readonly clock: Clock;
  readonly venueId: VenueId;
  /** Called at the end of each successful connect (starts the user channel when configured). */
  readonly onConnected: () => void;
}

/** Server time and API credentials of one venue. */
export class ApiSession {
  readonly #d: ApiSessionDeps;
  #auth: L2Authenticator | undefined;
  #creds: ApiCredentials | undefined;
  #connecting: Promise<void> | undefined;

  /** Uses the configured credentials, if any; call {@link connect} for the rest. */
  constructor(deps: ApiSessionDeps) {
    this.#d = deps;
    const creds = deps.cfg.creds;
    if (creds !== undefined) {
      this.#creds = creds;
      this.#auth = new L2Authenticator(deps.ecdsa.address, creds);
    }
  }

  /** True once API credentials are known. */
  get connected(): boolean {
    return this.#auth !== undefined;
  }

  /** The API credentials, once known. */
  get creds(): ApiCredentials | undefined {
    return this.#creds;
  }

  /** The L2 API key, once known. */
  get apiKey(): string | undefined {
    return this.#auth?.apiKey;
  }

  /**
   * Reads the venue clock (when `useServerTime`) and, without credentials, creates or derives an API
   * key. Idempotent.
   * @throws AuthenticationError when neither works; NetworkError when the venue cannot be reached.
   */
  connect(): Promise<void> {
    this.#connecting ??= this.#connect().catch((e: unknown) => {
      this.#connecting = undefined;
      throw e;
    });
    return this.#connecting;
  }

  /** The L2 authenticator, connecting first when needed. */
  async l2(): Promise<L2Authenticator> {
    if (this.#auth === undefined) await this.connect();
    return this.#auth!;
  }

  async #connect(): Promise<void> {
    const { cfg, http, ecdsa, clock } = this.#d;
    if (cfg.useServerTime) {
      const r = await http.get('/time');
      const secs = typeof r.body === 'number' ? r.body : Number(r.body);
      if (r.status === 200 && Number.isFinite(secs)) http.offsetMs = secs * 1000 - clock.now();
    }
    if (this.#auth === undefined) {
      const creds = await createOrDeriveApiKey(http, ecdsa, cfg.apiKeyNonce, cfg.chainId, this.#d.venueId);
      this.#creds = creds;
      this.#auth = new L2Authenticator(ecdsa.address, creds);
    }
    this.#d.onConnected();
  }
}
