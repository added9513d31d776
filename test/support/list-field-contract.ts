/**
 * The contract of a provider's list field, run through the real gateway against the emulator inside a
 * `describeProvider` file: walked to the end with an awkward `first` and with the largest, it answers
 * every item once and in order, pages never over `first`, `endCursor` the last edge's cursor; an account
 * without the field's scopes gets `MISSING_SCOPES` without a call; an account of another provider gets
 * `null` and no error; the provider's refused token becomes `REAUTH_REQUIRED`, its rate limit
 * `RATE_LIMITED` with `retryAfter`, and a malformed answer `PROVIDER_ERROR`.
 */
import { parse } from 'graphql';
import { expect, it } from 'vitest';
import type { EmulatedAccount, Emulator } from '../../src/emulator/index.js';
import { preferredScopeOf, scopeDetails } from '../../src/providers/scope-requirements.js';
import type { AccountInput, ProviderTest } from './provider-harness.js';
import type { GraphQLResponse } from './stack.js';

export interface ListFieldSpec {
  /** The field of `ConnectedAccount` (`spotifyPlaylists`). */
  readonly field: string;
  /** The node's selection; must include `id`. */
  readonly selection: string;
  /** Other arguments of the field, as GraphQL type and value (`from: { type: 'DateTime', value }`). */
  readonly args?: Readonly<Record<string, { readonly type: string; readonly value: unknown }>>;
  /** A plain list, not a connection. */
  readonly plain?: boolean;
  /** How the test account is connected; default the provider's default scopes plus the field's. */
  readonly account?: AccountInput;
  /**
   * Gives the account data spanning several provider pages; answers the ids the field must list, in
   * order.
   */
  readonly seed: (emulator: Emulator, account: EmulatedAccount) => string[] | Promise<string[]>;
  /** The emulator's route of the list's call (`spotify.listPlaylists`), for a malformed answer. */
  readonly route: string;
  /** A provider of the account that must answer `null`; default GitHub (Notion for GitHub's fields). */
  readonly otherProvider?: string;
  /** A 200 body the field cannot read; default `{ "unexpected": true }` (a list field reads a list). */
  readonly malformedBody?: unknown;
  /**
   * The `first` of the awkward walk: one that divides no provider page size, so connection pages
   * straddle provider pages. Default 7, or 37 for lists of more than 200 items: several per provider
   * page, yet pages of 1000 walk in a few dozen queries.
   */
  readonly awkwardFirst?: number;
}

interface Edge {
  cursor: string;
  node: { id: string };
}

interface ListPage {
  edges: Edge[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export function describeListField(t: ProviderTest, spec: ListFieldSpec): void {
  const requirements = t.provider.fieldScopes[spec.field];
  if (requirements === undefined) throw new Error(`${t.provider.id} declares no scopes for ${spec.field}`);
  const defaultScopes = [...new Set([...t.provider.defaultScopes, ...requirements.map(preferredScopeOf)])];
  const extra = Object.entries(spec.args ?? {});
  const variables = (spec.plain ? ['$account: ID!'] : ['$account: ID!', '$first: Int', '$after: String'])
    .concat(extra.map(([name, arg]) => `$${name}: ${arg.type}`))
    .join(', ');
  const passed = extra.map(([name]) => `${name}: $${name}`);
  const document = parse(
    spec.plain
      ? `query ListField(${variables}) { me { connectedAccount(id: $account) { ${spec.field}${passed.length ? `(${passed.join(', ')})` : ''} { ${spec.selection} } } } }`
      : `query ListField(${variables}) { me { connectedAccount(id: $account) { ${spec.field}(${['first: $first', 'after: $after', ...passed].join(', ')}) { edges { cursor node { ${spec.selection} } } pageInfo { hasNextPage endCursor } } } } }`,
  );
  const extraValues = Object.fromEntries(extra.map(([name, arg]) => [name, arg.value]));

  function connect(input: AccountInput = {}) {
    return t.connect({ scopes: defaultScopes, ...spec.account, ...input });
  }

  async function ask(token: string, accountId: string, first?: number, after?: string | null) {
    const response = (await t.stack.query(
      document,
      { account: accountId, first, after, ...extraValues } as never,
      { token },
    )) as GraphQLResponse<{ me: { connectedAccount: Record<string, unknown> | null } | null }>;
    return {
      response,
      value: response.body.data?.me?.connectedAccount?.[spec.field] ?? null,
      errors: (response.body.errors ?? []).map((error) => error.extensions ?? {}),
    };
  }

  async function walk(token: string, accountId: string, first: number): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      if (pages > 1000) throw new Error('the walk does not end');
      const { value, errors } = await ask(token, accountId, first, after);
      expect(errors).toEqual([]);
      const page = value as ListPage;
      expect(page.edges.length).toBeLessThanOrEqual(first);
      ids.push(...page.edges.map((edge) => edge.node.id));
      if (page.edges.length > 0) expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor);
      if (!page.pageInfo.hasNextPage) return ids;
      after = page.pageInfo.endCursor;
    }
  }

  async function seeded(input: AccountInput = {}) {
    const connected = connect(input);
    const expected = await spec.seed(t.emulator, connected.account);
    return { ...connected, expected };
  }

  if (spec.plain) {
    it(`${spec.field}: lists every item once, in order, in one call`, async () => {
      const { account, token, expected } = await seeded();
      t.emulator.calls.reset();
      const { value, errors } = await ask(token, account.id);
      expect(errors).toEqual([]);
      expect((value as { id: string }[]).map((node) => node.id)).toEqual(expected);
      expect(t.emulator.calls.count({ service: t.provider.id })).toBe(1);
    });
  } else {
    it(`${spec.field}: walks every item once, in order, with an awkward \`first\` and with the largest`, async () => {
      const { account, token, expected } = await seeded();
      const awkward = spec.awkwardFirst ?? (expected.length > 200 ? 37 : 7);
      expect(expected.length).toBeGreaterThan(awkward);
      expect(new Set(expected).size).toBe(expected.length);
      expect(await walk(token, account.id, awkward)).toEqual(expected);
      expect(await walk(token, account.id, 100)).toEqual(expected);
    });

    it(`${spec.field}: refuses a cursor of another account with BAD_USER_INPUT, before any call`, async () => {
      const first = await seeded();
      const { value } = await ask(first.token, first.account.id, 1);
      const cursor = (value as ListPage).pageInfo.endCursor;
      const other = connect();
      t.emulator.calls.reset();
      const { value: answered, errors } = await ask(other.token, other.account.id, 1, cursor);
      expect(answered).toBeNull();
      expect(errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
      expect(t.emulator.calls.count({ service: t.provider.id })).toBe(0);
    });
  }

  if (requirements.length > 0) {
    it(`${spec.field}: refuses an account without its scopes with MISSING_SCOPES, without a call`, async () => {
      const { account, token } = connect({ scopes: [] });
      t.emulator.calls.reset();
      const { value, errors } = await ask(token, account.id, 5);
      expect(value).toBeNull();
      expect(errors).toEqual([
        {
          code: 'MISSING_SCOPES',
          provider: t.provider.id,
          accountId: account.id,
          ...scopeDetails(requirements, []),
        },
      ]);
      expect(t.emulator.calls.count({ service: t.provider.id })).toBe(0);
    });
  }

  it(`${spec.field}: is null, with no error, on an account of another provider`, async () => {
    const { user, token } = connect();
    const otherProvider = spec.otherProvider ?? (t.provider.id === 'github' ? 'notion' : 'github');
    const other = t.emulator.clerk.connectAccount(user.id, { provider: otherProvider });
    t.emulator.calls.reset();
    const { value, errors } = await ask(token, other.id, 5);
    expect(errors).toEqual([]);
    expect(value).toBeNull();
    expect(t.emulator.calls.count({ service: t.provider.id })).toBe(0);
  });

  it(`${spec.field}: answers the provider's refusal of the token with REAUTH_REQUIRED`, async () => {
    const { account, token } = await seeded();
    t.emulator.clerk.revokeAtProvider(account.id);
    const { value, errors } = await ask(token, account.id, 5);
    expect(value).toBeNull();
    expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: t.provider.id, accountId: account.id }]);
  });

  it(`${spec.field}: answers the provider's rate limit with RATE_LIMITED and retryAfter`, async () => {
    const { account, token } = await seeded();
    t.emulator.providers[t.provider.id]?.rateLimit(account.id, { retryAfterSeconds: 30 });
    const { value, errors } = await ask(token, account.id, 5);
    expect(value).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'RATE_LIMITED', provider: t.provider.id, accountId: account.id });
    expect(errors[0]?.retryAfter).toBeGreaterThanOrEqual(1);
  });

  it(`${spec.field}: answers a malformed answer with PROVIDER_ERROR`, async () => {
    const { account, token } = await seeded();
    t.answerOnce(account.id, {
      route: spec.route,
      status: 200,
      body: (spec.malformedBody ?? { unexpected: true }) as never,
    });
    const { value, errors } = await ask(token, account.id, 5);
    expect(value).toBeNull();
    expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: t.provider.id, accountId: account.id }]);
  });
}
