/**
 * What every resolver of one GraphQL operation shares: the verified session (if any) and the services,
 * some of them scoped to this operation (the provider call loader).
 */
import type { GraphQLError } from 'graphql';
import type { VerifiedSession } from './auth/session-verifier.js';
import { GatewayError } from './errors.js';
import type { UpstreamReport } from './http/upstream-report.js';
import type { AccountApi } from './providers/account-api.js';
import type { CursorCodec } from './schema/cursor-codec.js';
import type { FetchTokensAhead, TokensFetchedAhead } from './schema/token-prefetch.js';
import type { UserDirectory } from './tokens/user-directory.js';

export interface GatewayContext {
  /** `null` when the request carried no session token; an invalid token never gets this far. */
  readonly session: VerifiedSession | null;
  readonly users: UserDirectory;
  readonly cursors: CursorCodec;
  /** Provider calls of this operation (deduplicated). */
  readonly accountApi: AccountApi;
  /** Epoch ms by which every Clerk and provider call of this operation is over (its fields then fail). */
  readonly deadline: number;
  /** Epoch ms when the operation began: the "now" of every default that depends on the time (a calendar window). */
  readonly startedAt: number;
  /**
   * Errors of fields that still answered (an account of a list across accounts failed): added to the
   * response's `errors` when the operation ends (`useListErrors`).
   */
  readonly listErrors: GraphQLError[];
  /** The operation's provider calls, when the client asked for them (`extensions.upstream`). */
  readonly upstreamReport?: UpstreamReport;
  /** For a user seen for the first time: fetches the tokens the operation's fields need, ahead. */
  readonly fetchTokensAhead: FetchTokensAhead;
  /** What this operation fetched ahead, by provider id (read by its provider calls). */
  readonly tokensFetchedAhead: TokensFetchedAhead;
}

export function requireSession(context: GatewayContext): VerifiedSession {
  if (context.session) return context.session;
  throw new GatewayError(
    'UNAUTHENTICATED',
    'Sign in first: send a Clerk session token as `Authorization: Bearer <token>` or in the `__session` cookie.',
  );
}
