/**
 * A calendar field's window across pages: a window taken from the clock (the default `from`) is kept in
 * the cursors, so the next page lists the same window though "now" has moved; a cursor is refused for
 * another window.
 */
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatedAccount } from '../../src/emulator/index.js';
import { everyFieldScopeOf } from '../../src/emulator/sandbox-seed.js';
import { type GraphQLResponse, type Stack, startStack } from '../support/stack.js';

const Events = parse(`
  query CalendarPage($account: ID!, $after: String, $from: DateTime, $to: DateTime) {
    me {
      connectedAccount(id: $account) {
        googleCalendarEvents(first: 2, after: $after, from: $from, to: $to) {
          edges { node { id startsAt } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

interface Page {
  edges: { node: { id: string; startsAt: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('a calendar window across pages', () => {
  let stack: Stack;
  let token: string;
  let google: EmulatedAccount;

  beforeAll(async () => {
    stack = await startStack();
    const { clerk } = stack.emulator;
    const user = clerk.createUser();
    // The emulator's default calendar: events around now and in the coming weeks.
    google = clerk.connectAccount(user.id, { provider: 'google', scopes: everyFieldScopeOf('google') });
    token = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
  });
  afterAll(() => stack.close());

  async function page(variables: Record<string, string | null>) {
    const response = (await stack.query(Events, { account: google.id, ...variables } as never, {
      token,
    })) as GraphQLResponse<{ me: { connectedAccount: { googleCalendarEvents: Page | null } } }>;
    return {
      value: response.body.data?.me.connectedAccount.googleCalendarEvents ?? null,
      errors: (response.body.errors ?? []).map((error) => error.extensions ?? {}),
    };
  }

  function windowsAsked(): { timeMin: string | undefined; timeMax: string | undefined }[] {
    return stack.emulator.calls
      .all()
      .filter((call) => call.route === 'google.listEvents')
      .map((call) => ({ timeMin: call.query.timeMin, timeMax: call.query.timeMax }));
  }

  it('asks the next page of a default window for the same window, though the clock moved', async () => {
    stack.emulator.calls.reset();
    const first = await page({});
    expect(first.errors).toEqual([]);
    expect(first.value?.pageInfo.hasNextPage).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await page({ after: first.value?.pageInfo.endCursor ?? null });
    expect(second.errors).toEqual([]);
    const [asked, askedAgain] = windowsAsked();
    expect(asked?.timeMin).toBeDefined();
    expect(askedAgain).toEqual(asked);
    // Thirty days from the first page's now.
    expect(Date.parse(asked?.timeMax ?? '') - Date.parse(asked?.timeMin ?? '')).toBe(30 * 24 * 3600 * 1000);
    const firstIds = first.value?.edges.map((edge) => edge.node.id) ?? [];
    expect(second.value?.edges.some((edge) => firstIds.includes(edge.node.id))).toBe(false);
  });

  it('refuses a cursor for another window with BAD_USER_INPUT, before any call', async () => {
    const window = { from: '2026-12-07T00:00:00Z', to: '2026-12-14T00:00:00Z' };
    const first = await page(window);
    expect(first.errors).toEqual([]);
    stack.emulator.calls.reset();
    const other = await page({
      ...window,
      to: '2026-12-15T00:00:00Z',
      after: first.value?.pageInfo.endCursor ?? null,
    });
    expect(other.value).toBeNull();
    expect(other.errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
    expect(windowsAsked()).toEqual([]);
  });
});
