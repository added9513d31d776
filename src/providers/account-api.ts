/**
 * Calls to a provider on behalf of one connected account, for one GraphQL operation.
 *
 * Identical calls (same account, same request) within the operation are made once: a DataLoader keyed
 * by account and request merges them, and distinct calls run concurrently, so a query over several
 * accounts costs about one provider round trip. Every failure is attributed to its provider and
 * account, and a scope refusal to the field's required and granted scopes.
 *
 * Every URL called is the provider's configured base URL plus a path written in the provider's folder:
 * nothing a provider answers (a `Link` header, a `next` URL in a body) is ever called, so a provider
 * cannot steer a request, and the token it carries, anywhere else. Pagination reads only a page number
 * or a cursor from such answers.
 */
import DataLoader from 'dataloader';
import type { z } from 'zod';
import { GatewayError } from '../errors.js';
import type { ConditionalRequests } from '../http/conditional-requests.js';
import type { UpstreamHttp } from '../http/upstream-http.js';
import type { UpstreamReport } from '../http/upstream-report.js';
import type { UpstreamProfile, UpstreamResponse } from '../http/upstream-types.js';
import type { ExternalAccountRecord } from '../tokens/clerk-api.js';
import type { TokenBroker, TokensAhead } from '../tokens/token-broker.js';
import { type FieldScopes, scopeDetails } from './scope-requirements.js';

export type QueryParams = Readonly<Record<string, string | number | undefined>>;

/** Where a path takes the account's access token (percent-encoded in the URL built from it). */
const TOKEN_PLACEHOLDER = encodeURIComponent('{token}');

/** What calling a provider takes of its declaration (`provider-declaration.ts`). */
export interface CallableProvider extends UpstreamProfile {
  readonly headers: Readonly<Record<string, string>>;
  readonly configuredHeaders?: Readonly<Record<string, string>>;
  readonly tokenInPath?: boolean;
  readonly fieldScopes: FieldScopes;
}

export interface PostOptions {
  /** A read sent as POST (a GraphQL query, Dropbox's RPC endpoints): safe to retry. */
  readonly idempotent?: boolean;
  /** Query parameters besides the body (TikTok's `fields`). */
  readonly query?: QueryParams;
  /** Default `application/json`. */
  readonly contentType?: string;
}

/**
 * One field's calls to one account's provider. For a provider whose declaration says `tokenInPath` (HubSpot's
 * token introspection), a path may hold `{token}`: it is filled in at send time, and logs show the
 * placeholder.
 */
export interface ProviderCalls {
  get(path: string, query?: QueryParams): Promise<UpstreamResponse>;
  /** `body` is sent as JSON (`JSON.stringify`), or as is when it is a string. */
  post(path: string, body: unknown, options?: PostOptions): Promise<UpstreamResponse>;
  /** `get`, its body read against `schema` (see `parse`). */
  getJson<T>(path: string, schema: z.ZodType<T>, query?: QueryParams): Promise<T>;
  /** `post`, its body read against `schema` (see `parse`). */
  postJson<T>(path: string, body: unknown, schema: z.ZodType<T>, options?: PostOptions): Promise<T>;
  /**
   * `value` (an answer's body, or part of it) read against the fields the graph uses; anything else is
   * `PROVIDER_ERROR`, attributed to the provider and the account, never an unmasked exception.
   */
  parse<T>(schema: z.ZodType<T>, value: unknown): T;
  /** A `PROVIDER_ERROR` saying what the provider did wrong (`answered in an unexpected shape`). */
  failure(what: string): GatewayError;
}

export interface AccountApi {
  /** The calls `field` (`profile`, `githubRepos`…) makes to `account`'s provider. */
  calls(provider: CallableProvider, account: ExternalAccountRecord, field: string): ProviderCalls;
}

export interface AccountApiOptions {
  readonly broker: TokenBroker;
  readonly http: UpstreamHttp;
  /** Base URLs by provider id (`github`), and by custom OIDC connection (`custom_acme`: its issuer). */
  readonly baseUrls: Readonly<Record<string, string>>;
  /** Headers an operator configured per provider (Twitch's `Client-Id`), by provider id. */
  readonly configuredHeaders?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The operation's deadline (epoch ms): every Clerk and provider call, retries included, ends by it. */
  readonly deadline?: number;
  /** Validators of earlier answers, sent with every read (`If-None-Match`); omitted: none. */
  readonly conditional?: ConditionalRequests;
  /** Counts every provider call of the operation, when the client asked for the report. */
  readonly report?: UpstreamReport;
  /** Tokens the operation fetched ahead for a new user, by provider id (`schema/token-prefetch.ts`). */
  readonly tokensFetchedAhead?: ReadonlyMap<string, TokensAhead>;
}

interface CallKey {
  readonly provider: CallableProvider;
  readonly account: ExternalAccountRecord;
  readonly field: string;
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly body?: string;
  readonly contentType?: string;
  readonly idempotent: boolean;
}

/**
 * What a provider's answer read as, by its body: after a 304 the kept answer's body comes back, the same
 * object (conditional-requests.ts), and is not read again. A read value is never changed afterwards but
 * for the tags of its account on list items (provider-kit.ts), the same on every read of that account's
 * answer. Entries go with their bodies.
 */
const readAnswers = new WeakMap<object, { readonly schema: z.ZodType; readonly data: unknown }>();

export function createAccountApi(options: AccountApiOptions): AccountApi {
  const { broker, http, deadline } = options;
  const sendOptions = deadline === undefined ? {} : { deadline };

  /** Counts a call in the report, with its answer (or none, when it failed). */
  function counted(provider: string, sent: Promise<UpstreamResponse>): Promise<UpstreamResponse> {
    const { report } = options;
    if (!report) return sent;
    return sent.then(
      (response) => {
        report.record(provider, response);
        return response;
      },
      (error: unknown) => {
        report.record(provider, undefined);
        throw error;
      },
    );
  }

  async function call(key: CallKey): Promise<UpstreamResponse> {
    const { provider, account } = key;
    // A custom OIDC connection is an upstream of its own (`custom_acme`): in errors, and for the
    // circuit breaker, so one failing identity provider does not cut off the others.
    const upstream = account.providerId === provider.id ? provider : { ...provider, id: account.providerId };
    // Reads are conditional on what this account was last answered for the same URL.
    const conditionalKey = key.method === 'GET' ? `${account.id} ${key.url.href}` : undefined;
    const validators =
      conditionalKey && options.conditional ? options.conditional.headersFor(conditionalKey) : {};
    try {
      requireConfiguredHeaders(provider);
      const response = await broker.withToken(
        account.userId,
        account,
        (token) =>
          counted(
            upstream.id,
            http.send(
              upstream,
              {
                method: key.method,
                ...(provider.tokenInPath ? urlWithToken(key.url, token) : { url: key.url }),
                headers: {
                  ...provider.headers,
                  ...options.configuredHeaders?.[provider.id],
                  ...(key.body === undefined
                    ? {}
                    : { 'Content-Type': key.contentType ?? 'application/json' }),
                  Authorization: `Bearer ${token}`,
                  ...validators,
                },
                ...(key.body === undefined ? {} : { body: key.body }),
                idempotent: key.idempotent,
              },
              { ...sendOptions, field: key.field },
            ),
          ),
        deadline,
        options.tokensFetchedAhead?.get(account.providerId),
      );
      return conditionalKey && options.conditional
        ? options.conditional.settle(conditionalKey, response, provider.displayName)
        : response;
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      const scopes =
        error.code === 'MISSING_SCOPES'
          ? scopeDetails(provider.fieldScopes[key.field] ?? [], account.approvedScopes)
          : {};
      throw error.withDetails({ provider: upstream.id, accountId: account.id, ...scopes });
    }
  }

  const loader = new DataLoader<CallKey, UpstreamResponse, string>(
    (keys) => Promise.all(keys.map((key) => call(key).catch((error: Error) => error))),
    {
      cacheKeyFn: (key) =>
        `${key.account.userId} ${key.account.id} ${key.method} ${key.url.href} ${key.body ?? ''}`,
    },
  );

  /** A provider that needs an operator setting on every call (Twitch's `Client-Id`) is not called without it. */
  function requireConfiguredHeaders(provider: CallableProvider): void {
    for (const [header, variable] of Object.entries(provider.configuredHeaders ?? {})) {
      if (options.configuredHeaders?.[provider.id]?.[header] === undefined) {
        throw new GatewayError(
          'PROVIDER_ERROR',
          `${provider.displayName} needs the gateway setting ${variable} (its \`${header}\` header) on every call.`,
        );
      }
    }
  }

  function urlWithToken(url: URL, token: string): { url: URL; loggedUrl?: string } {
    if (!url.pathname.includes(TOKEN_PLACEHOLDER)) return { url };
    const withToken = new URL(url.href);
    withToken.pathname = url.pathname.replaceAll(TOKEN_PLACEHOLDER, encodeURIComponent(token));
    return { url: withToken, loggedUrl: `${url.origin}${decodeURIComponent(url.pathname)}` };
  }

  /** A custom OIDC connection (`custom_<key>`) has a base URL of its own, its issuer. */
  function urlOf(
    provider: CallableProvider,
    account: ExternalAccountRecord,
    path: string,
    query: QueryParams = {},
  ): URL {
    // Environment names cannot hold `-`: `GATEWAY_OIDC_MY_IDP_ISSUER` serves the connection `custom_my-idp`.
    const baseUrl =
      options.baseUrls[account.providerId.replaceAll('-', '_')] ?? options.baseUrls[provider.id];
    if (!baseUrl)
      throw new GatewayError('PROVIDER_ERROR', `No API URL is configured for ${provider.displayName}.`);
    const url = new URL(`${baseUrl}${path}`);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url;
  }

  return {
    calls(provider, account, field) {
      const get = (path: string, query?: QueryParams) =>
        loader.load({
          provider,
          account,
          field,
          method: 'GET',
          url: urlOf(provider, account, path, query),
          idempotent: true,
        });
      const post = (path: string, body: unknown, postOptions: PostOptions = {}) =>
        loader.load({
          provider,
          account,
          field,
          method: 'POST',
          url: urlOf(provider, account, path, postOptions.query),
          body: typeof body === 'string' ? body : JSON.stringify(body),
          ...(postOptions.contentType ? { contentType: postOptions.contentType } : {}),
          idempotent: postOptions.idempotent ?? false,
        });
      const failure = (what: string) =>
        new GatewayError('PROVIDER_ERROR', `${provider.displayName} ${what}.`, {
          provider: account.providerId,
          accountId: account.id,
        });
      const parse = <T>(schema: z.ZodType<T>, value: unknown): T => {
        const known = typeof value === 'object' && value !== null ? readAnswers.get(value) : undefined;
        if (known?.schema === schema) return known.data as T;
        const parsed = schema.safeParse(value);
        if (!parsed.success) throw failure('answered in an unexpected shape');
        if (typeof value === 'object' && value !== null)
          readAnswers.set(value, { schema, data: parsed.data });
        return parsed.data;
      };
      return {
        get,
        post,
        getJson: async (path, schema, query) => parse(schema, (await get(path, query)).body),
        postJson: async (path, body, schema, postOptions) =>
          parse(schema, (await post(path, body, postOptions)).body),
        parse,
        failure,
      };
    },
  };
}
