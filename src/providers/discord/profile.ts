/** `GET /users/@me` (providers.md, "Discord"). */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { discordManifest } from './manifest.js';

const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  // `"0"` for users on unique usernames; a legacy user's 4-digit tag otherwise.
  discriminator: z.string().nullish(),
  global_name: z.string().nullish(),
  // An image hash, not a URL.
  avatar: z.string().nullish(),
  // Only with the `email` scope.
  email: z.string().nullish(),
});

export const readDiscordProfile: ProfileReader = async (calls) => {
  const user = bodyOf(userSchema, await calls.get('/users/@me'), discordManifest.displayName);
  const legacyTag = user.discriminator && user.discriminator !== '0' ? `#${user.discriminator}` : '';
  // The API hands out no profile page link.
  return profileOf({
    id: user.id,
    username: `${user.username}${legacyTag}`,
    name: user.global_name,
    email: user.email,
    avatarUrl: user.avatar ? avatarUrlOf(user.id, user.avatar) : null,
  });
};

/** The CDN URL of an avatar hash; an `a_` hash is animated, served as a GIF (providers.md, Discord). */
export function avatarUrlOf(userId: string, hash: string): string {
  return `https://cdn.discordapp.com/avatars/${userId}/${hash}.${hash.startsWith('a_') ? 'gif' : 'png'}`;
}
