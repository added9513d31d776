import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await createEmulator();
});

afterEach(() => {
  emulator.faults.clear();
  emulator.setLatency('github', 0);
});

afterAll(async () => {
  await emulator.close();
});

function connectGitHub() {
  const user = emulator.clerk.createUser();
  const account = emulator.clerk.connectAccount(user.id, { provider: 'github', tokenLifetimeSeconds: null });
  emulator.github.setRepos(account.id, { count: 3 });
  return { user, account, token: emulator.clerk.currentAccessToken(account.id) };
}

function listRepos(token: string, init: RequestInit = {}) {
  return fetch(`${emulator.baseUrl('github')}/user/repos`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'user-agent': 'provider-graph-tests' },
  });
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('emulator faults', () => {
  it('answers with a canned status and body as many times as asked', async () => {
    const { token } = connectGitHub();
    const fault = emulator.faults.inject({
      service: 'github',
      route: 'github.listRepos',
      status: 502,
      body: { message: 'Server Error' },
      times: 1,
    });

    const failed = await listRepos(token);
    const recovered = await listRepos(token);

    expect(failed.status).toBe(502);
    expect(failed.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await failed.json()).toEqual({ message: 'Server Error' });
    expect(recovered.status).toBe(200);
    expect(fault.hits()).toBe(1);
  });

  it('applies a fault narrowed to an account only to that account’s calls', async () => {
    const target = connectGitHub();
    const bystander = connectGitHub();
    emulator.faults.inject({ service: 'github', accountId: target.account.id, status: 503 });

    const targeted = await listRepos(target.token);
    const spared = await listRepos(bystander.token);

    expect(targeted.status).toBe(503);
    expect(spared.status).toBe(200);
  });

  it('never answers a hung request, so the client’s abort ends it', async () => {
    const { account, token } = connectGitHub();
    emulator.faults.inject({ service: 'github', route: 'github.listRepos', hang: true, times: 1 });

    const error = await rejectionOf(listRepos(token, { signal: AbortSignal.timeout(100) }));

    expect(error).toMatchObject({ name: 'TimeoutError' });
    const [record] = emulator.calls.all().filter((call) => call.accountId === account.id);
    expect(record?.status).toBe(0);
  });

  it('resets the connection without answering', async () => {
    const { token } = connectGitHub();
    emulator.faults.inject({ service: 'github', reset: true, times: 1 });

    const error = await rejectionOf(listRepos(token));

    expect(error).toBeInstanceOf(TypeError);
  });

  it('sends a truncated JSON body with status 200 and the JSON content type', async () => {
    const { token } = connectGitHub();
    emulator.faults.inject({ service: 'github', route: 'github.listRepos', malformedJson: true, times: 1 });

    const response = await listRepos(token);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('delays the normal answer by delayMs', async () => {
    const { token } = connectGitHub();
    emulator.faults.inject({ service: 'github', delayMs: 120, times: 1 });
    const started = performance.now();

    const response = await listRepos(token);

    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('adds fault headers to the answer', async () => {
    const { token } = connectGitHub();
    emulator.faults.inject({ service: 'github', status: 429, headers: { 'Retry-After': '2' }, times: 1 });

    const response = await listRepos(token);

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
  });

  it('stops applying a removed fault', async () => {
    const { token } = connectGitHub();
    const fault = emulator.faults.inject({ service: 'github', status: 500 });

    fault.remove();
    const response = await listRepos(token);

    expect(response.status).toBe(200);
    expect(fault.hits()).toBe(0);
  });

  it('refuses a fault on a route that does not exist', () => {
    expect(() =>
      emulator.faults.inject({ service: 'github', route: 'github.listRepo', status: 500 }),
    ).toThrow(/Unknown emulator route/);
  });
});

describe('emulator call log and latency', () => {
  it('records Clerk calls with the path user and provider calls with the token’s account', async () => {
    const { user, account, token } = connectGitHub();
    emulator.calls.reset();

    await fetch(`${emulator.baseUrl('clerk')}/v1/users/${user.id}`, {
      headers: { authorization: `Bearer ${emulator.clerk.secretKey}` },
    });
    await listRepos(token);
    await listRepos(token);

    expect(emulator.calls.count({ route: 'clerk.getUser', userId: user.id })).toBe(1);
    expect(emulator.calls.count({ service: 'github', accountId: account.id })).toBe(2);
    expect(emulator.calls.all()[1]).toMatchObject({ method: 'GET', path: '/user/repos', status: 200 });
  });

  it('names unmatched paths <service>.notFound', async () => {
    emulator.calls.reset();

    await fetch(`${emulator.baseUrl('notion')}/v1/pages`);

    expect(emulator.calls.count({ route: 'notion.notFound' })).toBe(1);
  });

  it('forgets every call on reset', async () => {
    const { token } = connectGitHub();
    await listRepos(token);

    emulator.calls.reset();

    expect(emulator.calls.count()).toBe(0);
  });

  it('delays every response of a service by its latency', async () => {
    const { token } = connectGitHub();
    emulator.setLatency('github', 100);
    const started = performance.now();

    await listRepos(token);

    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('ends hung requests when it closes', async () => {
    const local = await createEmulator();
    const user = local.clerk.createUser();
    local.faults.inject({ service: 'clerk', hang: true });
    const pending = fetch(`${local.baseUrl('clerk')}/v1/users/${user.id}`);
    await new Promise((resolve) => setTimeout(resolve, 20));

    await local.close();

    expect(await rejectionOf(pending)).toBeInstanceOf(TypeError);
  });
});
