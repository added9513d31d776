/**
 * Cookie sessions and browsers: a request that the `__session` cookie authenticates must be one a
 * browser only sends after a CORS preflight (JSON, or the CSRF header), and CORS lets only the
 * configured origins send credentials.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorCodes, type GraphQLResponse, type Stack, startStack } from '../support/stack.js';

const QUERY = '{ me { id connectedAccounts { githubRepos(first: 1) { edges { cursor } } } } }';

async function send(url: string, init: RequestInit): Promise<GraphQLResponse<{ me: { id: string } }>> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, body: (await response.json()) as never };
}

describe('CSRF prevention for cookie sessions', () => {
  let stack: Stack;
  let token: string;
  let userId: string;
  let graphqlUrl: string;
  const getUrl = () => `${graphqlUrl}?query=${encodeURIComponent(QUERY)}`;

  beforeAll(async () => {
    stack = await startStack();
    const user = stack.emulator.clerk.createUser();
    stack.emulator.clerk.connectAccount(user.id, { provider: 'github' });
    userId = user.id;
    token = stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
    graphqlUrl = `${stack.url}/graphql`;
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.calls.reset());

  const cookie = () => ({ cookie: `theme=dark; __session=${token}` });

  function expectCsrfRefusal(response: GraphQLResponse<unknown>) {
    expect(response.status).toBe(403);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.body.errors?.[0]?.extensions?.reason).toBe('CSRF_PREVENTION');
    expect(response.body.data ?? null).toBeNull();
    expect(stack.emulator.calls.count()).toBe(0);
  }

  it('refuses a cookie-authenticated GET without the CSRF header (a link or an <img> on a foreign page)', async () => {
    expectCsrfRefusal(await send(getUrl(), { headers: cookie() }));
  });

  it.each([
    ['application/x-www-form-urlencoded', `query=${encodeURIComponent(QUERY)}`],
    ['text/plain', JSON.stringify({ query: QUERY })],
    [
      'multipart/form-data; boundary=x',
      `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${QUERY}\r\n--x--`,
    ],
  ])('refuses a cookie-authenticated %s POST (a form on a foreign page)', async (contentType, body) => {
    expectCsrfRefusal(
      await send(graphqlUrl, { method: 'POST', headers: { ...cookie(), 'content-type': contentType }, body }),
    );
  });

  it('answers a cookie-authenticated JSON POST, which browsers only send after a preflight', async () => {
    const response = await send(graphqlUrl, {
      method: 'POST',
      headers: { ...cookie(), 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(response.status).toBe(200);
    expect(response.body.data?.me.id).toBe(userId);
  });

  it('answers a cookie-authenticated GET that carries the CSRF header', async () => {
    const response = await send(getUrl(), { headers: { ...cookie(), 'x-graphql-yoga-csrf': '1' } });
    expect(response.status).toBe(200);
    expect(response.body.data?.me.id).toBe(userId);
  });

  it('leaves Bearer clients alone, GET included', async () => {
    const response = await send(getUrl(), { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.body.data?.me.id).toBe(userId);
  });

  it('does not apply when a Bearer token, not the cookie, authenticates', async () => {
    const response = await send(graphqlUrl, {
      method: 'POST',
      headers: {
        ...cookie(),
        authorization: `Bearer ${token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `query=${encodeURIComponent(QUERY)}`,
    });
    expect(response.status).toBe(200);
    expect(response.body.data?.me.id).toBe(userId);
  });

  it('answers a GET without any session UNAUTHENTICATED, as before', async () => {
    const response = await send(getUrl(), {});
    expect(response.status).toBe(401);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  });
});

/** A browser's preflight for a JSON POST with credentials from `origin`. */
function preflight(url: string, origin: string): Promise<Response> {
  return fetch(`${url}/graphql`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-graphql-yoga-csrf',
    },
  });
}

describe('CORS without GATEWAY_CORS_ORIGINS', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('lets any origin call, without credentials, so browsers never send the cookie cross-origin', async () => {
    const response = await preflight(stack.url, 'https://anywhere.example');
    // Yoga's CORS echoes the origin for `*`; without Allow-Credentials the browser sends no cookie.
    expect(response.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
  });
});

describe('CORS with GATEWAY_CORS_ORIGINS', () => {
  let stack: Stack;
  let token: string;

  beforeAll(async () => {
    stack = await startStack({
      env: { GATEWAY_CORS_ORIGINS: 'https://app.example.com, https://admin.example.com/' },
    });
    const user = stack.emulator.clerk.createUser();
    token = stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
  });
  afterAll(() => stack.close());

  it('lets a configured origin call with credentials and the CSRF header', async () => {
    for (const origin of ['https://app.example.com', 'https://admin.example.com']) {
      const response = await preflight(stack.url, origin);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('access-control-allow-headers')).toMatch(/x-graphql-yoga-csrf/i);
    }
  });

  it('does not let another origin call', async () => {
    const response = await preflight(stack.url, 'https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).not.toBe('*');
  });

  it('answers a configured origin’s cookie-authenticated JSON POST with credentials allowed', async () => {
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: {
        origin: 'https://app.example.com',
        cookie: `__session=${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
  });
});
