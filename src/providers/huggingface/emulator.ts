/**
 * Hugging Face's OAuth userinfo endpoint and the Hub's `GET /api/whoami-v2` and `GET /api/models`
 * (docs/providers.md#hugging-face): claims by granted scope; models by author, sorted, with the properties
 * `expand` asks for, paged by an opaque `cursor` in the `Link` header's next URL; private models only
 * with a repository scope; the 401 answer, and the 429 with the IETF draft `RateLimit` headers.
 */
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import { generateModels, type HuggingFaceModelJson } from './model-fixtures.js';

export type { HuggingFaceModelJson } from './model-fixtures.js';

export interface HuggingFaceEmulator extends ProviderEmulatorApi {
  /**
   * The models the account's user authored (kept most recently modified first). A count generates
   * deterministic ones, authored by the account's username; without it every account has
   * {@link DEFAULT_MODEL_COUNT}.
   */
  setModels(accountId: string, models: HuggingFaceModelJson[] | { count: number }): void;
  /** The account's models, in `lastModified` order, private ones included. */
  models(accountId: string): HuggingFaceModelJson[];
  /** The query of every `/api/models` request made with the account's token, oldest first, repeated keys kept. */
  modelRequests(accountId: string): [string, string][][];
}

/**
 * More than one page at the largest page size (1000): a prolific author who publishes fine-tunes,
 * adapters and quantizations of a few base models, as many on the Hub do.
 */
export const DEFAULT_MODEL_COUNT = 1012;
/** The gateway's page size; the Hub's own maximum is unverified (docs/providers.md#hugging-face, "Pagination"). */
const MAX_LIMIT = 1000;
/** The emulator's default page size when `limit` is absent (unverified). */
const DEFAULT_LIMIT = 1000;
/** Scopes that let a token read the user's private repositories (docs/providers.md#hugging-face, "Scopes"). */
const REPO_SCOPES = ['read-repos', 'write-repos', 'manage-repos'];
/** The properties a listing answers when neither `expand` nor `full` is given. */
const DEFAULT_PROPERTIES: readonly (keyof HuggingFaceModelJson)[] = [
  '_id',
  'id',
  'likes',
  'trendingScore',
  'private',
  'downloads',
  'tags',
  'pipeline_tag',
  'library_name',
  'createdAt',
  'modelId',
];
/** `sort` values the emulator orders by; always descending, as the Hub sorts. */
const SORTS: Readonly<Record<string, (model: HuggingFaceModelJson) => number>> = {
  lastModified: (model) => Date.parse(model.lastModified),
  createdAt: (model) => Date.parse(model.createdAt),
  downloads: (model) => model.downloads,
  likes: (model) => model.likes,
  trendingScore: (model) => model.trendingScore,
};

const HUB_URL = 'https://huggingface.co';
/**
 * An API window of 500 calls per 5 minutes, the `RateLimit-Policy` example of docs/providers.md#hugging-face
 * ("Rate limits"). Which account tier it belongs to is unverified.
 */
const RATE_LIMIT_POLICY = '"fixed window";"api";q=500;w=300';

/** The account's Hub username, as userinfo's `preferred_username` and whoami's `name` give it. */
function hubNameOf(account: StoredAccount): string {
  return account.username ?? `user${account.providerUserId}`;
}

/** The Hub's opaque cursor; here base64url of the position. */
function cursorOf(offset: number): string {
  return Buffer.from(JSON.stringify({ $skip: offset })).toString('base64url');
}

function offsetOf(cursor: string): number | undefined {
  try {
    const skip = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { $skip?: unknown }).$skip;
    return typeof skip === 'number' && Number.isInteger(skip) && skip >= 0 ? skip : undefined;
  } catch {
    return undefined;
  }
}

export function createHuggingFaceEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<HuggingFaceEmulator> {
  const modelsByAccount = new Map<string, HuggingFaceModelJson[]>();
  const requestsByAccount = new Map<string, [string, string][][]>();

  function requireHuggingFaceAccount(accountId: string): StoredAccount {
    const account = deps.identities.getAccount(accountId);
    if (account?.provider !== 'huggingface')
      throw new Error(`Emulator: no Hugging Face account ${accountId}`);
    return account;
  }

  function modelsOf(account: StoredAccount): HuggingFaceModelJson[] {
    let models = modelsByAccount.get(account.id);
    if (!models) {
      models = generateModels({ count: DEFAULT_MODEL_COUNT, author: hubNameOf(account), seed: account.id });
      modelsByAccount.set(account.id, models);
    }
    return models;
  }

  /**
   * `GET /api/models`: the models of `author` the token may see (private ones only the user's own, with
   * a repository scope), sorted by `sort` (descending), `limit` at a time, with the properties `expand`
   * names (`_id` and `id` always), or all with `full`, or the listing's defaults. A next page is announced
   * in `Link: <…&cursor=…>; rel="next"`, keeping every other parameter. The 400 answers (a `limit` over
   * 1000, an unknown `sort`, a bad cursor) are the emulator's wording (unverified).
   */
  function listModels(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    requestsByAccount.set(account.id, [
      ...(requestsByAccount.get(account.id) ?? []),
      [...request.searchParams],
    ]);
    const limit = request.query.limit === undefined ? DEFAULT_LIMIT : Number(request.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return jsonReply(400, { error: `"limit" must be an integer between 1 and ${MAX_LIMIT}` });
    }
    const sort = request.query.sort;
    const sortKey = sort === undefined ? undefined : SORTS[sort];
    if (sort !== undefined && !sortKey) return jsonReply(400, { error: `Invalid sort parameter: ${sort}` });
    const cursor = request.query.cursor;
    const offset = cursor === undefined ? 0 : offsetOf(cursor);
    if (offset === undefined) return jsonReply(400, { error: 'Invalid cursor' });
    const author = request.query.author;
    const seesPrivate = REPO_SCOPES.some((scope) => account.scopes.includes(scope));
    const visible = modelsOf(account).filter(
      (model) =>
        (author === undefined || model.author.toLowerCase() === author.toLowerCase()) &&
        (!model.private || seesPrivate),
    );
    const sorted = sortKey ? [...visible].sort((a, b) => sortKey(b) - sortKey(a)) : visible;
    const page = sorted.slice(offset, offset + limit);
    const expand = request.searchParams.getAll('expand');
    const full = request.query.full === 'true' || request.query.full === '1';
    const shown = (model: HuggingFaceModelJson): Record<string, unknown> => {
      if (full) return { ...model, siblings: [] };
      const keys = expand.length > 0 ? ['_id', 'id', ...expand] : DEFAULT_PROPERTIES;
      return Object.fromEntries(
        keys.filter((key) => key in model).map((key) => [key, model[key as keyof HuggingFaceModelJson]]),
      );
    };
    const more = offset + limit < sorted.length;
    return jsonReply(
      200,
      page.map(shown),
      more ? { link: `<${nextUrl(request, cursorOf(offset + limit))}>; rel="next"` } : undefined,
    );
  }

  /** The request's URL on the Hub with `cursor` replaced: what the Hub's next link looks like. */
  function nextUrl(request: EmulatorRequest, cursor: string): string {
    const params = new URLSearchParams(request.searchParams);
    params.set('cursor', cursor);
    return `${deps.baseUrl()}${request.path}?${params}`;
  }

  const emulator = createBearerApiEmulator(
    {
      id: 'huggingface',
      unauthorized: () => jsonReply(401, { error: 'Invalid credentials in Authorization header' }),
      // The body's wording is ours: Hugging Face documents the status and headers only
      // (docs/providers.md#hugging-face, "Rate limits").
      rateLimited: (_request, retryAfterSeconds) =>
        jsonReply(
          429,
          { error: 'Too Many Requests: you have reached your API rate limit.' },
          { ratelimit: `"api";r=0;t=${retryAfterSeconds}`, 'ratelimit-policy': RATE_LIMIT_POLICY },
        ),
      notFound: () => jsonReply(404, { error: 'Not Found' }),
      routes: (router) =>
        router
          .get('/oauth/userinfo', 'huggingface.userInfo', (_request, account) =>
            jsonReply(200, userInfoOf(account)),
          )
          .get('/api/whoami-v2', 'huggingface.whoami', (_request, account) =>
            jsonReply(200, whoamiOf(account)),
          )
          .get('/api/models', 'huggingface.listModels', listModels),
    },
    deps,
  );

  return {
    service: emulator.service,
    api: {
      ...emulator.api,
      setModels(accountId, models) {
        const account = requireHuggingFaceAccount(accountId);
        modelsByAccount.set(
          accountId,
          Array.isArray(models)
            ? [...models].sort((a, b) => Date.parse(b.lastModified) - Date.parse(a.lastModified))
            : generateModels({ count: models.count, author: hubNameOf(account), seed: accountId }),
        );
      },
      models(accountId) {
        return [...modelsOf(requireHuggingFaceAccount(accountId))];
      },
      modelRequests(accountId) {
        return [...(requestsByAccount.get(accountId) ?? [])];
      },
    },
  };
}

/**
 * `GET /api/whoami-v2` for a user token (docs/providers.md#hugging-face, "Profile"): `name` is the
 * username. `auth.type` for an OAuth token is unverified; the emulator says `oauth`.
 */
function whoamiOf(account: StoredAccount): Record<string, unknown> {
  const name = hubNameOf(account);
  return {
    type: 'user',
    id: account.providerUserId,
    name,
    fullname: [account.firstName, account.lastName].filter(Boolean).join(' ') || name,
    ...(account.scopes.includes('email') && account.email !== null
      ? { email: account.email, emailVerified: true }
      : {}),
    isPro: false,
    canPay: false,
    avatarUrl: account.imageUrl,
    periodEnd: null,
    orgs: [],
    auth: { type: 'oauth' },
  };
}

/**
 * The example of docs/providers.md#hugging-face ("Profile"); `profile` claims need the `profile` scope,
 * `email` the `email` scope.
 */
function userInfoOf(account: StoredAccount): Record<string, unknown> {
  const username = hubNameOf(account);
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ') || username;
  return {
    sub: account.providerUserId,
    ...(account.scopes.includes('profile')
      ? {
          name,
          preferred_username: username,
          profile: `${HUB_URL}/${username}`,
          picture: account.imageUrl,
          isPro: false,
          orgs: [],
        }
      : {}),
    ...(account.scopes.includes('email') && account.email !== null
      ? { email: account.email, email_verified: true }
      : {}),
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createHuggingFaceEmulator;
