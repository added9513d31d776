import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator, type GitHubRepoJson } from '../../src/emulator/index.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await createEmulator();
});

afterAll(async () => {
  await emulator.close();
});

function connectGitHub(options: { scopes?: string[]; repos?: number; privateEvery?: number } = {}) {
  const user = emulator.clerk.createUser();
  const account = emulator.clerk.connectAccount(user.id, {
    provider: 'github',
    username: `octo-${user.id.slice(-6)}`,
    tokenLifetimeSeconds: null,
    ...(options.scopes ? { scopes: options.scopes } : {}),
  });
  emulator.github.setRepos(account.id, {
    count: options.repos ?? 0,
    privateEvery: options.privateEvery ?? 4,
  });
  return { account, token: emulator.clerk.currentAccessToken(account.id) };
}

function github(pathOrUrl: string, token?: string, headers: Record<string, string> = {}) {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${emulator.baseUrl('github')}${pathOrUrl}`;
  return fetch(url, {
    headers: {
      accept: 'application/vnd.github+json',
      'user-agent': 'provider-graph-tests',
      'x-github-api-version': '2022-11-28',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
  });
}

/** The `rel="next"` URL of a GitHub Link header. */
function nextLink(link: string | null): string | undefined {
  return link
    ?.split(', ')
    .find((part) => part.endsWith('rel="next"'))
    ?.match(/^<([^>]+)>/)?.[1];
}

describe('GitHub emulator, repositories', () => {
  it('visits every repository exactly once when following the Link header', async () => {
    const { account, token } = connectGitHub({ scopes: ['read:user', 'user:email', 'repo'], repos: 137 });
    const seen: string[] = [];
    let url: string | undefined = '/user/repos?per_page=50&sort=updated';

    while (url) {
      const response = await github(url, token);
      seen.push(...((await response.json()) as GitHubRepoJson[]).map((repo) => repo.full_name));
      url = nextLink(response.headers.get('link'));
    }

    expect(seen).toHaveLength(137);
    expect(new Set(seen).size).toBe(137);
    expect(emulator.calls.count({ route: 'github.listRepos', accountId: account.id })).toBe(3);
  });

  it('writes the Link header like GitHub, absolute and keeping the other parameters', async () => {
    const { token } = connectGitHub({ scopes: ['repo'], repos: 75 });

    const first = await github('/user/repos?per_page=30', token);
    const second = await github('/user/repos?per_page=30&page=2', token);
    const base = `${emulator.baseUrl('github')}/user/repos`;

    expect(first.headers.get('link')).toBe(
      `<${base}?per_page=30&page=2>; rel="next", <${base}?per_page=30&page=3>; rel="last"`,
    );
    expect(second.headers.get('link')).toBe(
      `<${base}?per_page=30&page=3>; rel="next", <${base}?per_page=30&page=3>; rel="last", ` +
        `<${base}?per_page=30&page=1>; rel="first", <${base}?per_page=30&page=1>; rel="prev"`,
    );
  });

  it('sends no Link header when everything fits on one page', async () => {
    const { token } = connectGitHub({ repos: 5 });

    const response = await github('/user/repos', token);

    expect(response.status).toBe(200);
    expect(response.headers.get('link')).toBeNull();
  });

  it('hides private repositories from a token without the repo scope', async () => {
    const withoutRepo = connectGitHub({ scopes: ['read:user', 'user:email'], repos: 8, privateEvery: 2 });
    const withRepo = connectGitHub({ scopes: ['read:user', 'repo'], repos: 8, privateEvery: 2 });

    const hidden = (await (await github('/user/repos', withoutRepo.token)).json()) as GitHubRepoJson[];
    const shown = (await (await github('/user/repos', withRepo.token)).json()) as GitHubRepoJson[];

    expect(hidden.every((repo) => !repo.private)).toBe(true);
    expect(hidden).toHaveLength(4);
    expect(shown.filter((repo) => repo.private)).toHaveLength(4);
  });

  it('sorts by full name ascending by default and by a date descending when asked', async () => {
    const { token } = connectGitHub({ repos: 20 });

    const byName = (await (await github('/user/repos', token)).json()) as GitHubRepoJson[];
    const byCreated = (await (await github('/user/repos?sort=created', token)).json()) as GitHubRepoJson[];

    const names = byName.map((repo) => repo.full_name.toLowerCase());
    expect(names).toEqual([...names].sort());
    const created = byCreated.map((repo) => Date.parse(repo.created_at));
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it('filters by affiliation', async () => {
    const { account, token } = connectGitHub({ repos: 20 });

    const owned = (await (await github('/user/repos?affiliation=owner', token)).json()) as GitHubRepoJson[];

    expect(owned.length).toBeGreaterThan(0);
    expect(owned.every((repo) => repo.owner.login === account.username)).toBe(true);
  });

  it('refuses type combined with visibility with 422', async () => {
    const { token } = connectGitHub();

    const response = await github('/user/repos?type=owner&visibility=public', token);

    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ status: '422' });
  });

  it('answers a conditional request with a matching ETag with 304, free of rate limit', async () => {
    const { account, token } = connectGitHub({ repos: 3 });
    const first = await github('/user/repos', token);
    const etag = first.headers.get('etag') ?? '';
    const remaining = emulator.github.rateLimitRemaining(account.id);

    const second = await github('/user/repos', token, { 'if-none-match': etag });

    expect(second.status).toBe(304);
    expect(emulator.github.rateLimitRemaining(account.id)).toBe(remaining);
  });
});

describe('GitHub emulator, profile and headers', () => {
  it('serves the authenticated user with the REST headers', async () => {
    const { account, token } = connectGitHub({ scopes: ['read:user', 'user:email', 'repo'] });

    const response = await github('/user', token);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      login: account.username,
      id: Number(account.providerUserId),
      type: 'User',
    });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-oauth-scopes')).toBe('read:user, user:email, repo');
    expect(response.headers.get('x-github-api-version-selected')).toBe('2022-11-28');
    expect(response.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(response.headers.get('x-ratelimit-used')).toBe('1');
    expect(response.headers.get('x-ratelimit-resource')).toBe('core');
  });

  it('answers 403 with remaining 0 once the rate limit is exhausted', async () => {
    const { account, token } = connectGitHub();
    emulator.github.setRateLimitRemaining(account.id, 1);

    const last = await github('/user', token);
    const limited = await github('/user', token);

    expect(last.status).toBe(200);
    expect(limited.status).toBe(403);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(await limited.json()).toMatchObject({
      message: expect.stringMatching(/^API rate limit exceeded/),
    });
  });

  it('rejects an unknown token with GitHub’s Bad credentials body', async () => {
    const response = await github('/user', 'gho_unknown');

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
  });

  it('rejects a request without a token with Requires authentication', async () => {
    const response = await github('/user/repos');

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: 'Requires authentication', status: '401' });
  });

  it('rejects an expired token and accepts the refreshed one', async () => {
    const user = emulator.clerk.createUser();
    const account = emulator.clerk.connectAccount(user.id, { provider: 'github' });
    const oldToken = emulator.clerk.currentAccessToken(account.id);
    emulator.clerk.expireAccessToken(account.id);

    const expired = await github('/user', oldToken);
    const tokens = await fetch(
      `${emulator.baseUrl('clerk')}/v1/users/${user.id}/oauth_access_tokens/oauth_github`,
      {
        headers: { authorization: `Bearer ${emulator.clerk.secretKey}` },
      },
    );
    const [fresh] = (await tokens.json()) as { token: string }[];
    const refreshed = await github('/user', fresh?.token);
    const stale = await github('/user', oldToken);

    expect(expired.status).toBe(401);
    expect(refreshed.status).toBe(200);
    expect(stale.status).toBe(401);
  });

  it('rejects every token of an account revoked at the provider', async () => {
    const { account, token } = connectGitHub();
    emulator.clerk.revokeAtProvider(account.id);

    const response = await github('/user', token);

    expect(response.status).toBe(401);
  });

  it('refuses a request without a User-Agent with 403', async () => {
    const { token } = connectGitHub();
    const url = new URL(`${emulator.baseUrl('github')}/user`);

    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(url, { headers: { authorization: `Bearer ${token}` } }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      request.on('error', reject);
      request.end();
    });

    expect(status).toBe(403);
    expect(body).toContain('Please make sure your request has a User-Agent header');
  });

  it('refuses an unsupported X-GitHub-Api-Version with 400', async () => {
    const { token } = connectGitHub();

    const response = await github('/user', token, { 'x-github-api-version': 'v3' });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: '400' });
  });

  it('answers an unknown path with GitHub’s 404 body', async () => {
    const response = await github('/user/nothing-here');

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ message: 'Not Found', status: '404' });
  });
});
