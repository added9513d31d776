/**
 * What a provider folder gives the emulator (`src/providers/<id>/emulator.ts`), and a builder for the
 * common case: a JSON API that takes the account's OAuth token as `Authorization: Bearer` and answers
 * an unknown, expired or revoked token and a rate limit in its own words (each provider's "Errors" and
 * "Rate limits" in docs/providers.md; docs/providers.md#emulator-scenarios).
 */

import {
  createRouter,
  type EmulatedService,
  type EmulatorReply,
  type EmulatorRequest,
  type Router,
} from './http-router.js';
import type { IdentityStore, StoredAccount } from './identity-store.js';

export interface ProviderEmulatorDeps {
  readonly identities: IdentityStore;
  /** This service's base URL (`http://127.0.0.1:PORT/<id>`), for links the API hands out. */
  readonly baseUrl: () => string;
}

/** Controls every provider emulator offers; a provider's own emulator may add more. */
export interface ProviderEmulatorApi {
  /** Answers the account's next `times` calls (default 1) with the provider's rate-limit signal. */
  rateLimit(accountId: string, options?: { retryAfterSeconds?: number; times?: number }): void;
}

export interface ProviderEmulator<Api extends ProviderEmulatorApi = ProviderEmulatorApi> {
  readonly service: EmulatedService;
  readonly api: Api;
}

export type ProviderEmulatorFactory = (deps: ProviderEmulatorDeps) => ProviderEmulator;

/** A route handler that runs only for a request carrying a token the provider accepts. */
export type AccountHandler = (
  request: EmulatorRequest,
  account: StoredAccount,
) => EmulatorReply | Promise<EmulatorReply>;

export interface AccountRouter {
  get(pattern: string, name: string, handler: AccountHandler): AccountRouter;
  post(pattern: string, name: string, handler: AccountHandler): AccountRouter;
}

export interface BearerApiSpec {
  /** Provider id: the path prefix and the provider the tokens must belong to. */
  readonly id: string;
  /** Default `application/json; charset=utf-8`. */
  readonly jsonContentType?: string;
  /** Headers on every answer (request ids, rate-limit counters). */
  readonly responseHeaders?: (request: EmulatorRequest) => Record<string, string>;
  /** The token of a request; default the `Authorization: Bearer` one. */
  readonly tokenOf?: (request: EmulatorRequest) => string | undefined;
  /** A refusal before authentication (a missing required header), or `undefined` to go on. */
  readonly precheck?: (request: EmulatorRequest) => EmulatorReply | undefined;
  /** The answer to a missing, unknown, expired or revoked token. */
  readonly unauthorized: (request: EmulatorRequest) => EmulatorReply;
  /** The answer when the account is being rate limited. */
  readonly rateLimited: (request: EmulatorRequest, retryAfterSeconds: number) => EmulatorReply;
  /** The answer to a path no route matches; default a JSON 404. */
  readonly notFound?: (request: EmulatorRequest) => EmulatorReply;
  readonly routes: (router: AccountRouter) => void;
}

export function bearerTokenOf(request: EmulatorRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.header('authorization') ?? '')?.[1];
}

/** An emulated bearer-token API: authentication, per-account rate limits and the call log's account. */
export function createBearerApiEmulator(spec: BearerApiSpec, deps: ProviderEmulatorDeps): ProviderEmulator {
  const { identities } = deps;
  const tokenOf = spec.tokenOf ?? bearerTokenOf;
  const pendingRateLimits = new Map<string, { remaining: number; retryAfterSeconds: number }>();

  function accountOf(request: EmulatorRequest): StoredAccount | undefined {
    const token = tokenOf(request);
    const account = token === undefined ? undefined : identities.accountOfToken(token);
    if (!account || !token || account.provider !== spec.id || !identities.isTokenAccepted(account, token)) {
      return undefined;
    }
    return account;
  }

  function authenticated(handler: AccountHandler) {
    return (request: EmulatorRequest) => {
      const refused = spec.precheck?.(request);
      if (refused) return refused;
      const account = accountOf(request);
      if (!account) return spec.unauthorized(request);
      const limit = pendingRateLimits.get(account.id);
      if (limit && limit.remaining > 0) {
        limit.remaining--;
        return spec.rateLimited(request, limit.retryAfterSeconds);
      }
      return handler(request, account);
    };
  }

  const router: Router = createRouter();
  const accountRouter: AccountRouter = {
    get(pattern, name, handler) {
      router.get(pattern, name, authenticated(handler));
      return accountRouter;
    },
    post(pattern, name, handler) {
      router.post(pattern, name, authenticated(handler));
      return accountRouter;
    },
  };
  spec.routes(accountRouter);

  const service: EmulatedService = {
    name: spec.id,
    router,
    jsonContentType: spec.jsonContentType ?? 'application/json; charset=utf-8',
    responseHeaders: (request) => spec.responseHeaders?.(request) ?? {},
    notFound: spec.notFound ?? (() => ({ status: 404, json: { error: 'not_found' } })),
    identify(request) {
      const token = tokenOf(request);
      const account = token === undefined ? undefined : identities.accountOfToken(token);
      return account ? { accountId: account.id } : {};
    },
  };

  return {
    service,
    api: {
      rateLimit(accountId, options = {}) {
        const account = identities.getAccount(accountId);
        if (!account || account.provider !== spec.id) {
          throw new Error(`Emulator: ${accountId} is not a ${spec.id} account`);
        }
        pendingRateLimits.set(accountId, {
          remaining: options.times ?? 1,
          retryAfterSeconds: options.retryAfterSeconds ?? 1,
        });
      },
    },
  };
}
