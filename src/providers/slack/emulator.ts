/**
 * Slack's Web API as a user token reaches it (docs/providers.md#slack): `openid.connect.userInfo` and
 * `conversations.list` (cursor pages, `limit` up to 1000, `types`, `exclude_archived`, the scopes each
 * channel type needs). Every answer is JSON with `ok`, token and scope problems included (HTTP 200,
 * `ok: false`); rate limits are 429 with `Retry-After`.
 */
import { createHash } from 'node:crypto';
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import { generateChannels, type SlackChannelJson } from './fixtures.js';

export interface SlackChannelOptions {
  /**
   * Pages hold fewer channels than `limit` while a `next_cursor` follows, as Slack warns they may
   * ("Fewer than the requested number of items may be returned"): the first page 3 fewer, pages starting
   * at an odd position 1 fewer.
   */
  unevenPages?: boolean;
}

export interface SlackEmulator extends ProviderEmulatorApi {
  /**
   * The channels of the account's workspace, in the order `conversations.list` lists them. A count
   * generates deterministic channels (some private, some archived). Without it, every account has
   * {@link DEFAULT_CHANNEL_COUNT}.
   */
  setChannels(
    accountId: string,
    channels: SlackChannelJson[] | { count: number },
    options?: SlackChannelOptions,
  ): void;
  /** The workspace's channels as configured, before any type, scope or archive filter. */
  channels(accountId: string): SlackChannelJson[];
}

/** More than one page at the 200 the gateway asks for. */
export const DEFAULT_CHANNEL_COUNT = 236;
/** `limit`: "Must be an integer no larger than 1000"; 100 when absent (docs/providers.md#slack). */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const CHANNEL_TYPES = ['public_channel', 'private_channel', 'mpim', 'im'] as const;
type ChannelType = (typeof CHANNEL_TYPES)[number];
/** Any one of these lets a token call `conversations.list` (Slack's OpenAPI description). */
const LIST_SCOPES = ['channels:read', 'groups:read', 'im:read', 'mpim:read'];
/** The scope that shows each type of conversation. */
const TYPE_SCOPES: Record<ChannelType, string> = {
  public_channel: 'channels:read',
  private_channel: 'groups:read',
  mpim: 'mpim:read',
  im: 'im:read',
};

interface Workspace {
  channels: SlackChannelJson[];
  unevenPages: boolean;
}

function slackError(error: string, extra?: Record<string, unknown>): EmulatorReply {
  return jsonReply(200, { ok: false, error, ...extra });
}

/** The shape of Slack's scope refusal (docs/providers.md#slack, "Errors"): what would do, what was granted. */
function missingScope(needed: readonly string[], account: StoredAccount): EmulatorReply {
  return slackError('missing_scope', { needed: needed.join(','), provided: account.scopes.join(',') });
}

export function createSlackEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<SlackEmulator> {
  const workspaces = new Map<string, Workspace>();

  function requireSlackAccount(accountId: string): StoredAccount {
    const account = deps.identities.getAccount(accountId);
    if (account?.provider !== 'slack') throw new Error(`Emulator: no Slack account ${accountId}`);
    return account;
  }

  function workspaceOf(account: StoredAccount): Workspace {
    let workspace = workspaces.get(account.id);
    if (!workspace) {
      workspace = {
        channels: generateChannels({ count: DEFAULT_CHANNEL_COUNT, seed: teamOf(account).id }),
        unevenPages: false,
      };
      workspaces.set(account.id, workspace);
    }
    return workspace;
  }

  /**
   * `GET /conversations.list`: scope first, then the arguments, then the page. A type the token has no
   * scope for is left out rather than refused: Slack documents only `missing_scope` for a token with none
   * of the method's scopes (unverified for a partial grant; docs/providers.md#slack).
   */
  function listConversations(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    if (!LIST_SCOPES.some((scope) => account.scopes.includes(scope)))
      return missingScope(LIST_SCOPES, account);
    const limit = parseLimit(request.query.limit);
    if (limit === undefined) return slackError('invalid_limit');
    const types = parseTypes(request.query.types);
    if (types === undefined) return slackError('invalid_types');
    const excludeArchived =
      request.query.exclude_archived === 'true' || request.query.exclude_archived === '1';
    const workspace = workspaceOf(account);
    const visible = workspace.channels.filter(
      (channel) =>
        types.some((type) => type === typeOf(channel) && account.scopes.includes(TYPE_SCOPES[type])) &&
        !(excludeArchived && channel.is_archived),
    );
    const cursor = request.query.cursor;
    const offset = cursor === undefined || cursor === '' ? 0 : offsetOfCursor(visible, cursor);
    if (offset === undefined) return slackError('invalid_cursor');
    const take = workspace.unevenPages ? unevenPageLength(offset, limit) : limit;
    const page = visible.slice(offset, offset + take);
    const next = visible[offset + page.length];
    return jsonReply(200, {
      ok: true,
      channels: page,
      response_metadata: { next_cursor: next ? cursorOf(next) : '' },
    });
  }

  const emulator = createBearerApiEmulator(
    {
      id: 'slack',
      // HTTP 200 with the code that says why (docs/providers.md#slack, "Errors").
      unauthorized: (request) => jsonReply(200, { ok: false, error: tokenErrorOf(request, deps.identities) }),
      rateLimited: (_request, retryAfterSeconds) =>
        jsonReply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfterSeconds) }),
      notFound: () => jsonReply(404, { ok: false, error: 'unknown_method' }),
      routes: (router) => {
        router.get('/openid.connect.userInfo', 'slack.openidConnectUserInfo', (_request, account) =>
          account.scopes.includes('openid')
            ? jsonReply(200, userInfoJson(account))
            : missingScope(['openid'], account),
        );
        router.get('/conversations.list', 'slack.conversationsList', listConversations);
      },
    },
    deps,
  );

  return {
    service: emulator.service,
    api: {
      ...emulator.api,
      setChannels(accountId, channels, options = {}) {
        const account = requireSlackAccount(accountId);
        workspaces.set(accountId, {
          channels: Array.isArray(channels)
            ? channels
            : generateChannels({ count: channels.count, seed: teamOf(account).id }),
          unevenPages: options.unevenPages ?? false,
        });
      },
      channels(accountId) {
        return [...workspaceOf(requireSlackAccount(accountId)).channels];
      },
    },
  };
}

function typeOf(channel: SlackChannelJson): ChannelType {
  if (channel.is_im) return 'im';
  if (channel.is_mpim) return 'mpim';
  return channel.is_private ? 'private_channel' : 'public_channel';
}

/** An integer from 1 to 1000; absent: 100. The bounds of a valid `limit` below 1 are the emulator's. */
function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return DEFAULT_LIMIT;
  if (!/^\d+$/.test(value)) return undefined;
  const limit = Number(value);
  return limit >= 1 && limit <= MAX_LIMIT ? limit : undefined;
}

/** A comma-separated list of Slack's four types; absent: `public_channel` (Slack's default). */
function parseTypes(value: string | undefined): ChannelType[] | undefined {
  if (value === undefined || value === '') return ['public_channel'];
  const types = value.split(',').map((type) => type.trim());
  return types.every((type): type is ChannelType => (CHANNEL_TYPES as readonly string[]).includes(type))
    ? types
    : undefined;
}

/** Slack's cursors are base64 of `team:<id of the next channel>` (the example `dGVhbTpDMDYxRkE1UEI=`). */
function cursorOf(channel: SlackChannelJson): string {
  return Buffer.from(`team:${channel.id}`).toString('base64');
}

function offsetOfCursor(channels: readonly SlackChannelJson[], cursor: string): number | undefined {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  const id = decoded.startsWith('team:') ? decoded.slice('team:'.length) : undefined;
  const offset = id === undefined ? -1 : channels.findIndex((channel) => channel.id === id);
  return offset < 0 ? undefined : offset;
}

/** Deterministic short pages: the first 3 fewer, those starting at an odd position 1 fewer, never empty. */
function unevenPageLength(offset: number, limit: number): number {
  const shortfall = offset === 0 ? 3 : offset % 2 === 1 ? 1 : 0;
  return Math.max(1, limit - shortfall);
}

/** Which of Slack's token codes a refused request gets. */
function tokenErrorOf(request: EmulatorRequest, identities: IdentityStore): string {
  const token = bearerTokenOf(request);
  if (token === undefined) return 'not_authed';
  const account = identities.accountOfToken(token);
  if (account?.provider !== 'slack') return 'invalid_auth';
  if (account.revokedAtProvider) return 'token_revoked';
  const expired = account.accessTokenExpiresAt !== null && account.accessTokenExpiresAt <= Date.now();
  return token === account.accessToken && expired ? 'token_expired' : 'invalid_auth';
}

/**
 * The claims of the example of docs/providers.md#slack ("Profile"), from the account: `email*` with the
 * `email` scope, the name, picture and workspace details with `profile` (OpenID Connect's standard claims
 * per scope).
 */
function userInfoJson(account: StoredAccount): Record<string, unknown> {
  const team = teamOf(account);
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ') || account.username;
  const withEmail = account.scopes.includes('email') && account.email !== null;
  return {
    ok: true,
    sub: account.providerUserId,
    'https://slack.com/user_id': account.providerUserId,
    'https://slack.com/team_id': team.id,
    ...(withEmail
      ? {
          email: account.email,
          email_verified: true,
          date_email_verified: Math.floor(account.createdAt / 1000),
        }
      : {}),
    ...(account.scopes.includes('profile')
      ? {
          name,
          picture: account.imageUrl,
          given_name: account.firstName ?? '',
          family_name: account.lastName ?? '',
          locale: 'en-US',
          'https://slack.com/team_name': team.name,
          'https://slack.com/team_domain': team.domain,
          'https://slack.com/user_image_24': sizedImage(account.imageUrl, 24),
          'https://slack.com/user_image_512': sizedImage(account.imageUrl, 512),
          'https://slack.com/team_image_34':
            'https://a.slack-edge.com/80588/img/avatars-teams/ava_0001-34.png',
          'https://slack.com/team_image_default': true,
        }
      : {}),
  };
}

/** A workspace of the account's own, with a Slack-like id (`T` + upper-case alphanumerics). */
function teamOf(account: StoredAccount): { id: string; name: string; domain: string } {
  const hash = createHash('sha256').update(account.id).digest('hex').slice(0, 10).toUpperCase();
  return { id: `T${hash}`, name: 'Emulated Workspace', domain: `emulated-${hash.toLowerCase()}` };
}

/** Slack's sized avatars are the same picture with `?s=<pixels>` (docs/providers.md#slack, "Profile"). */
function sizedImage(url: string, size: number): string {
  const sized = new URL(url);
  sized.searchParams.set('s', String(size));
  return sized.href;
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createSlackEmulator;
