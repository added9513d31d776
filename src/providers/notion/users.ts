/**
 * `GET /v1/users`: the people and bots of the account's workspace, paginated by `start_cursor` with
 * `next_cursor`/`has_more` in the body. A page may hold fewer than `page_size` users even when more
 * follow (providers.md, Notion "Request contract").
 */
import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import type { ProviderCalls } from '../account-api.js';
import type { ProviderPage } from '../page-walker.js';
import { notionManifest } from './manifest.js';

const userSchema = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string().nullable().optional(),
  avatar_url: z.string().nullable().optional(),
  person: z.object({ email: z.string().optional() }).optional(),
});

const listSchema = z.object({
  results: z.array(userSchema),
  next_cursor: z.string().nullable(),
  has_more: z.boolean(),
});

export interface NotionUser {
  readonly id: string;
  readonly type: 'person' | 'bot';
  readonly name: string | null;
  readonly avatarUrl: string | null;
  readonly email: string | null;
}

export async function fetchUserPage(
  calls: ProviderCalls,
  account: { readonly id: string },
  startCursor: string | null,
): Promise<ProviderPage<NotionUser, string>> {
  const response = await calls.get('/v1/users', {
    page_size: notionManifest.maxPageSize,
    start_cursor: startCursor ?? undefined,
  });
  const list = listSchema.safeParse(response.body);
  if (!list.success) {
    throw new GatewayError('PROVIDER_ERROR', 'Notion returned users in an unexpected shape.', {
      provider: notionManifest.id,
      accountId: account.id,
    });
  }
  const users = list.data.results.flatMap((user): NotionUser[] =>
    // Notion documents only `person` and `bot`; a future kind is left out rather than mislabelled.
    user.type === 'person' || user.type === 'bot'
      ? [
          {
            id: user.id,
            type: user.type,
            name: user.name ?? null,
            avatarUrl: user.avatar_url ?? null,
            email: user.person?.email ?? null,
          },
        ]
      : [],
  );
  return { items: users, next: list.data.has_more ? list.data.next_cursor : null };
}
