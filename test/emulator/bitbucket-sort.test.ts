/**
 * The Bitbucket emulator's `sort` on `GET /repositories/{workspace}`, over real HTTP: each field both
 * ways, ties broken by uuid, `page`/`next` walking the sorted list, and the refusal of a field it does
 * not take.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import type { BitbucketEmulator, BitbucketRepositoryJson } from '../../src/providers/bitbucket/emulator.js';
import { generateRepositories, workspaceJson } from '../../src/providers/bitbucket/fixtures.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await createEmulator();
});

afterAll(async () => {
  await emulator.close();
});

interface Page {
  pagelen: number;
  size: number;
  page: number;
  values: BitbucketRepositoryJson[];
  next?: string;
}

const WORKSPACE = 'analytical-engines';
const COUNT = 60;

/**
 * 60 generated repositories, three of which share the name and times of a fourth, and three of which
 * are empty (size 0): every field sorted on has ties.
 */
function repositories(): BitbucketRepositoryJson[] {
  const workspace = workspaceJson({ slug: WORKSPACE, name: 'Analytical Engines', uuid: '{ws}' });
  const listed = generateRepositories({
    workspace,
    personal: false,
    members: COUNT,
    username: 'ada',
    seed: 'bitbucket-sort',
  }).map((stored) => stored.repository);
  const twin = listed[5] as BitbucketRepositoryJson;
  for (const index of [10, 20, 30]) {
    const repository = listed[index] as BitbucketRepositoryJson;
    repository.name = twin.name;
    repository.created_on = twin.created_on;
    repository.updated_on = twin.updated_on;
  }
  return listed;
}

function connect() {
  const user = emulator.clerk.createUser();
  const account = emulator.clerk.connectAccount(user.id, {
    provider: 'bitbucket',
    scopes: ['account', 'repository'],
    tokenLifetimeSeconds: null,
  });
  const stored = repositories();
  (emulator.providers.bitbucket as BitbucketEmulator).setWorkspaces(account.id, [
    { slug: WORKSPACE, repositories: stored },
  ]);
  return { stored, token: emulator.clerk.currentAccessToken(account.id) };
}

async function get(pathOrUrl: string, token: string): Promise<{ status: number; body: unknown }> {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${emulator.baseUrl('bitbucket')}${pathOrUrl}`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
}

/** Every page from `path`, following `next`. */
async function walk(path: string, token: string): Promise<Page[]> {
  const pages: Page[] = [];
  let url: string | undefined = path;
  while (url !== undefined) {
    const { status, body } = await get(url, token);
    expect(status).toBe(200);
    const page = body as Page;
    pages.push(page);
    url = page.next;
  }
  return pages;
}

const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** The order the test expects, computed here: by the field, then by uuid; `-` reverses it all. */
function expectedOrder(stored: BitbucketRepositoryJson[], sort: string): string[] {
  const field = sort.replace(/^-/, '') as
    | 'updated_on'
    | 'created_on'
    | 'name'
    | 'full_name'
    | 'slug'
    | 'size';
  // The fixtures' times share one format (`…T10:00:00.123000+00:00`): as strings, they sort by instant.
  const ascending = [...stored].sort((a, b) => compare(a[field], b[field]) || compare(a.uuid, b.uuid));
  if (sort.startsWith('-')) ascending.reverse();
  return ascending.map((repository) => repository.uuid);
}

const FIELDS = ['updated_on', 'created_on', 'name', 'full_name', 'slug', 'size'];
const SORTS = FIELDS.flatMap((field) => [field, `-${field}`]);

describe('Bitbucket emulator, `sort` on repositories', () => {
  it.each(SORTS)('orders by `sort=%s`, ties broken by uuid', async (sort) => {
    const { stored, token } = connect();
    const { status, body } = await get(`/repositories/${WORKSPACE}?sort=${sort}&pagelen=100`, token);
    expect(status).toBe(200);
    const page = body as Page;
    expect(page.size).toBe(COUNT);
    expect(page).not.toHaveProperty('next');
    expect(page.values.map((repository) => repository.uuid)).toEqual(expectedOrder(stored, sort));
  });

  it('sorts the fixtures with ties on every field, so the tie-break is exercised', () => {
    const stored = repositories();
    for (const field of ['updated_on', 'created_on', 'name', 'size'] as const) {
      expect(new Set(stored.map((repository) => repository[field])).size).toBeLessThan(COUNT);
    }
  });

  it('puts the most recently updated first with `sort=-updated_on`', async () => {
    const { stored, token } = connect();
    const { body } = await get(`/repositories/${WORKSPACE}?sort=-updated_on&pagelen=5`, token);
    const newest = Math.max(...stored.map((repository) => Date.parse(repository.updated_on)));
    const first = (body as Page).values[0];
    expect(Date.parse(first?.updated_on ?? '')).toBe(newest);
  });

  it('keeps the order across pages, `next` keeping `sort`, each repository once', async () => {
    const { stored, token } = connect();
    const pages = await walk(`/repositories/${WORKSPACE}?sort=-updated_on&pagelen=7`, token);
    expect(pages).toHaveLength(Math.ceil(COUNT / 7));
    for (const page of pages.slice(0, -1)) {
      const next = new URL(page.next ?? '');
      expect(next.searchParams.get('sort')).toBe('-updated_on');
      expect(next.searchParams.get('pagelen')).toBe('7');
      expect(next.searchParams.get('page')).toBe(String(page.page + 1));
    }
    const uuids = pages.flatMap((page) => page.values.map((repository) => repository.uuid));
    expect(new Set(uuids).size).toBe(COUNT);
    expect(uuids).toEqual(expectedOrder(stored, '-updated_on'));
  });

  it('walks the same order by `page` numbers as by one large page', async () => {
    const { token } = connect();
    const { body } = await get(`/repositories/${WORKSPACE}?sort=name&pagelen=100`, token);
    const whole = (body as Page).values.map((repository) => repository.uuid);
    const paged: string[] = [];
    for (let page = 1; page <= Math.ceil(COUNT / 25); page += 1) {
      const answer = await get(`/repositories/${WORKSPACE}?sort=name&pagelen=25&page=${page}`, token);
      paged.push(...(answer.body as Page).values.map((repository) => repository.uuid));
    }
    expect(paged).toEqual(whole);
  });

  it('keeps the stored order without `sort`', async () => {
    const { stored, token } = connect();
    const pages = await walk(`/repositories/${WORKSPACE}?pagelen=25`, token);
    const uuids = pages.flatMap((page) => page.values.map((repository) => repository.uuid));
    expect(uuids).toEqual(stored.map((repository) => repository.uuid));
  });

  it.each([
    ['last_update', 'last_update'],
    ['-last_update', 'last_update'],
    ['owner.username', 'owner.username'],
  ])('refuses `sort=%s` with a 400 naming the field', async (sort, field) => {
    const { token } = connect();
    const { status, body } = await get(`/repositories/${WORKSPACE}?sort=${encodeURIComponent(sort)}`, token);
    expect(status).toBe(400);
    expect(body).toEqual({
      type: 'error',
      error: { message: `Repository has no field named '${field}'` },
    });
  });
});
