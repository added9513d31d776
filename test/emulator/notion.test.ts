import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator, type NotionUserJson } from '../../src/emulator/index.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await createEmulator();
});

afterAll(async () => {
  await emulator.close();
});

interface UserList {
  object: 'list';
  results: NotionUserJson[];
  next_cursor: string | null;
  has_more: boolean;
  type: 'user';
  user: Record<string, never>;
}

function connectNotion() {
  const user = emulator.clerk.createUser({
    firstName: 'Avocado',
    lastName: 'Lovelace',
    email: 'avo@example.org',
  });
  const account = emulator.clerk.connectAccount(user.id, { provider: 'notion' });
  return { account, token: emulator.clerk.currentAccessToken(account.id) };
}

function notion(path: string, token?: string, headers: Record<string, string> = {}) {
  return fetch(`${emulator.baseUrl('notion')}${path}`, {
    headers: {
      'notion-version': '2022-06-28',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
  });
}

describe('Notion emulator, users', () => {
  it('visits every user exactly once when walking uneven pages', async () => {
    const { account, token } = connectNotion();
    emulator.notion.setWorkspace(account.id, { people: 40, bots: 3 }, { unevenPages: true });
    const seen: string[] = [];
    const pageLengths: number[] = [];
    let cursor: string | null = null;

    do {
      const query: string = cursor ? `?page_size=10&start_cursor=${cursor}` : '?page_size=10';
      const page = (await (await notion(`/v1/users${query}`, token)).json()) as UserList;
      seen.push(...page.results.map((user) => user.id));
      pageLengths.push(page.results.length);
      cursor = page.has_more ? page.next_cursor : null;
    } while (cursor);

    expect(seen).toHaveLength(43);
    expect(new Set(seen).size).toBe(43);
    expect(pageLengths[0]).toBe(7);
  });

  it('answers the list envelope with persons and bots', async () => {
    const { account, token } = connectNotion();
    emulator.notion.setWorkspace(account.id, { people: 2, bots: 1 });

    const response = await notion('/v1/users', token);
    const page = (await response.json()) as UserList;

    expect(page).toMatchObject({
      object: 'list',
      next_cursor: null,
      has_more: false,
      type: 'user',
      user: {},
    });
    expect(page.results.map((user) => user.type)).toEqual(['person', 'person', 'bot']);
    expect(page.results[0]).toMatchObject({
      id: account.providerUserId,
      person: { email: 'avo@example.org' },
    });
    expect(page.results[2]).toMatchObject({ bot: {} });
  });

  it('uses UUID-shaped cursors', async () => {
    const { account, token } = connectNotion();
    emulator.notion.setWorkspace(account.id, { people: 5, bots: 0 });

    const page = (await (await notion('/v1/users?page_size=2', token)).json()) as UserList;

    expect(page.has_more).toBe(true);
    expect(page.next_cursor).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('refuses page_size above 100 with validation_error', async () => {
    const { token } = connectNotion();

    const response = await notion('/v1/users?page_size=101', token);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ object: 'error', status: 400, code: 'validation_error' });
  });

  it('refuses an unknown start_cursor with validation_error', async () => {
    const { token } = connectNotion();

    const response = await notion('/v1/users?start_cursor=00000000-0000-4000-8000-000000000000', token);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'validation_error' });
  });

  it('hides emails when the integration may not read them', async () => {
    const { account, token } = connectNotion();
    emulator.notion.setWorkspace(account.id, { people: 2, bots: 0 }, { userInformation: 'without_email' });

    const page = (await (await notion('/v1/users', token)).json()) as UserList;

    expect(page.results.map((user) => (user.type === 'person' ? user.person : undefined))).toEqual([{}, {}]);
  });

  it('serves the integration bot owned by the connected person at /v1/users/me', async () => {
    const { account, token } = connectNotion();

    const response = await notion('/v1/users/me', token);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      object: 'user',
      type: 'bot',
      bot: {
        owner: {
          type: 'user',
          user: { id: account.providerUserId, type: 'person', name: 'Avocado Lovelace' },
        },
      },
    });
  });
});

describe('Notion emulator, errors and headers', () => {
  it('refuses a request without Notion-Version with missing_version', async () => {
    const { token } = connectNotion();

    const response = await fetch(`${emulator.baseUrl('notion')}/v1/users`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as { code: string; request_id: string };

    expect(response.status).toBe(400);
    expect(body.code).toBe('missing_version');
    expect(body.request_id).toBe(response.headers.get('x-notion-request-id'));
  });

  it('accepts the 2025-09-03 version', async () => {
    const { token } = connectNotion();

    const response = await notion('/v1/users', token, { 'notion-version': '2025-09-03' });

    expect(response.status).toBe(200);
  });

  it('rejects an unknown token with the unauthorized envelope', async () => {
    const response = await notion('/v1/users', 'ntn_unknown');

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      object: 'error',
      status: 401,
      code: 'unauthorized',
      message: 'API token is invalid.',
    });
  });

  it('answers rate_limited with Retry-After as many times as asked', async () => {
    const { account, token } = connectNotion();
    emulator.notion.rateLimit(account.id, { retryAfterSeconds: 3, times: 1 });

    const limited = await notion('/v1/users', token);
    const next = await notion('/v1/users', token);

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await limited.json()).toMatchObject({ code: 'rate_limited' });
    expect(next.status).toBe(200);
  });

  it('answers 403 restricted_resource when the integration may not read users', async () => {
    const { account, token } = connectNotion();
    emulator.notion.setWorkspace(account.id, [], { userInformation: 'none' });

    const response = await notion('/v1/users', token);

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'restricted_resource' });
  });

  it('sends the JSON content type and a request id on every response', async () => {
    const { token } = connectNotion();

    const response = await notion('/v1/users', token);

    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-notion-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
