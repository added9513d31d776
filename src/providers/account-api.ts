/**
 * Calls to a provider on behalf of one connected account, for one GraphQL operation.
 *
 * Identical calls (same account, same URL) within the operation are made once: a DataLoader keyed by
 * account and URL merges them, and distinct calls run concurrently, so a query over several accounts
 * costs about one provider round trip. Every failure is attributed to its provider and account.
 *
 * Every URL called is the provider's configured base URL plus a path written in the provider's folder:
 * nothing a provider answers (a `Link` header, a `next` URL in a body) is ever called, so a provider
 * cannot steer a request, and the token it carries, anywhere else. Pagination reads only a page number
 * or a cursor from such answers.
 */
import DataLoader from 'dataloader';
import { GatewayError } from '../errors.js';
import type { UpstreamHttp, UpstreamResponse } from '../http/upstream-http.js';
import type { AccountRef, TokenBroker } from '../tokens/token-broker.js';
import type { ProviderManifest } from './provider-manifest.js';

export type QueryParams = Readonly<Record<string, string | number | undefined>>;

/** A connected account and the Clerk user it belongs to. */
export interface UserAccountRef extends AccountRef {
  readonly userId: string;
}

export interface AccountApi {
  get(
    manifest: ProviderManifest,
    account: UserAccountRef,
    path: string,
    query?: QueryParams,
  ): Promise<UpstreamResponse>;
}

export interface AccountApiOptions {
  readonly broker: TokenBroker;
  readonly http: UpstreamHttp;
  readonly baseUrls: Readonly<Record<string, string>>;
  /** The operation's deadline (epoch ms): every Clerk and provider call, retries included, ends by it. */
  readonly deadline?: number;
}

interface CallKey {
  readonly manifest: ProviderManifest;
  readonly account: UserAccountRef;
  readonly url: URL;
}

export function createAccountApi(options: AccountApiOptions): AccountApi {
  const { broker, http, deadline } = options;
  const sendOptions = deadline === undefined ? {} : { deadline };

  async function call({ manifest, account, url }: CallKey): Promise<UpstreamResponse> {
    try {
      return await broker.withToken(
        account.userId,
        account,
        (token) =>
          http.send(
            manifest,
            { method: 'GET', url, headers: { ...manifest.headers, Authorization: `Bearer ${token}` } },
            sendOptions,
          ),
        deadline,
      );
    } catch (error) {
      if (error instanceof GatewayError)
        throw error.withDetails({ provider: manifest.id, accountId: account.id });
      throw error;
    }
  }

  const loader = new DataLoader<CallKey, UpstreamResponse, string>(
    (keys) => Promise.all(keys.map((key) => call(key).catch((error: Error) => error))),
    { cacheKeyFn: (key) => `${key.account.userId} ${key.account.id} ${key.url.href}` },
  );

  return {
    get(manifest, account, path, query = {}) {
      const baseUrl = options.baseUrls[manifest.id];
      if (!baseUrl)
        throw new GatewayError('PROVIDER_ERROR', `No API URL is configured for ${manifest.displayName}.`);
      const url = new URL(`${baseUrl}${path}`);
      for (const [name, value] of Object.entries(query)) {
        if (value !== undefined) url.searchParams.set(name, String(value));
      }
      return loader.load({ manifest, account, url });
    },
  };
}
