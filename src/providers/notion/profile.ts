/**
 * `GET /v1/users/me` answers the integration's bot; for a public (OAuth) integration, the case of Clerk,
 * the person who connected it is `bot.owner.user` (providers.md, Notion catalogue entry). An internal
 * integration is owned by the workspace: the bot is then the best description there is.
 */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { notionManifest } from './manifest.js';

const userSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  avatar_url: z.string().nullish(),
  person: z.object({ email: z.string().optional() }).optional(),
});

const meSchema = userSchema.extend({
  bot: z
    .object({
      owner: z.object({ type: z.string(), user: userSchema.partial({ name: true }).optional() }).optional(),
    })
    .optional(),
});

export const readNotionProfile: ProfileReader = async (calls) => {
  const me = bodyOf(meSchema, await calls.get('/v1/users/me'), notionManifest.displayName);
  const person = me.bot?.owner?.type === 'user' ? me.bot.owner.user : undefined;
  const user = person ?? me;
  return profileOf({
    id: user.id,
    name: user.name,
    email: user.person?.email,
    avatarUrl: user.avatar_url,
  });
};
