/** The provider's own order, read straight from the emulated API with the account's token. */
import type { Emulator } from '../../src/emulator/index.js';
import { parseLinkHeader } from '../../src/http/link-header.js';

export async function allGitHubRepoNames(
  emulator: Emulator,
  accountId: string,
  query = '',
): Promise<string[]> {
  const names: string[] = [];
  let url: string | undefined = `${emulator.baseUrl('github')}/user/repos?per_page=100${query}`;
  while (url) {
    const response: Response = await fetch(url, {
      headers: {
        authorization: `Bearer ${emulator.clerk.currentAccessToken(accountId)}`,
        'user-agent': 'provider-graph-tests',
      },
    });
    names.push(...((await response.json()) as { full_name: string }[]).map((repo) => repo.full_name));
    url = parseLinkHeader(response.headers.get('link')).next;
  }
  return names;
}

export async function allNotionUserIds(emulator: Emulator, accountId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const url = new URL(`${emulator.baseUrl('notion')}/v1/users`);
    if (cursor) url.searchParams.set('start_cursor', cursor);
    const response = await fetch(url, {
      headers: {
        authorization: `Bearer ${emulator.clerk.currentAccessToken(accountId)}`,
        'notion-version': '2022-06-28',
      },
    });
    const page = (await response.json()) as {
      results: { id: string }[];
      has_more: boolean;
      next_cursor: string | null;
    };
    ids.push(...page.results.map((user) => user.id));
    cursor = page.has_more ? page.next_cursor : null;
  } while (cursor);
  return ids;
}
