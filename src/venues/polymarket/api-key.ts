/**
 * API-key bootstrap with L1 auth: `POST /auth/api-key` (create), falling back to
 * `GET /auth/derive-api-key` (the existing key for the address and nonce) when creating does not return
 * a key, as the official client's create-or-derive does. The credentials are returned, never logged.
 */
import { AuthenticationError } from '../../errors/index.ts';
import { type ApiCredentials, l1Headers } from './auth-headers.ts';
import type { ClobHttp } from './clob-http.ts';
import type { EcdsaSigner } from './ecdsa-signer.ts';
import { readFailure } from './error-classifier.ts';

async function l1Call(
  http: ClobHttp,
  signer: EcdsaSigner,
  method: string,
  path: string,
  nonce: number,
  chainId: number,
  venue: string,
): Promise<ApiCredentials | undefined> {
  const h = l1Headers(signer, http.venueSeconds(), nonce, chainId);
  const r = await http.send(method, path, undefined, h as unknown as Record<string, string>);
  if (r.status === undefined) readFailure(venue, r);
  const b = r.body as { apiKey?: unknown; secret?: unknown; passphrase?: unknown } | undefined;
  if (r.status !== 200 || typeof b?.apiKey !== 'string' || b.apiKey === '') return undefined;
  return { key: b.apiKey, secret: String(b.secret), passphrase: String(b.passphrase) };
}

/**
 * Creates, or else derives, the API key of `signer` for `nonce`.
 * @throws AuthenticationError when both are refused; NetworkError when the venue cannot be reached.
 */
export async function createOrDeriveApiKey(
  http: ClobHttp,
  signer: EcdsaSigner,
  nonce: number,
  chainId: number,
  venue: string,
): Promise<ApiCredentials> {
  const creds =
    (await l1Call(http, signer, 'POST', '/auth/api-key', nonce, chainId, venue)) ??
    (await l1Call(http, signer, 'GET', '/auth/derive-api-key', nonce, chainId, venue));
  if (creds === undefined)
    throw new AuthenticationError(venue, 'could not create or derive an API key (L1 auth refused)');
  return creds;
}
