/** `GET /v2/user`: the current user, wrapped in `{data}` (providers.md, "Coinbase"). */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { coinbaseManifest } from './manifest.js';

// A top-level `warnings` array (deprecations, a missing CB-VERSION) may sit next to `data`: ignored.
const userSchema = z.object({
  data: z.object({
    id: z.string(),
    name: z.string().nullish(),
    username: z.string().nullish(),
    // Only with the `wallet:user:email` scope.
    email: z.string().nullish(),
    avatar_url: z.string().nullish(),
    profile_url: z.string().nullish(),
  }),
});

export const readCoinbaseProfile: ProfileReader = async (calls) => {
  const { data: user } = bodyOf(userSchema, await calls.get('/v2/user'), coinbaseManifest.displayName);
  return profileOf({
    id: user.id,
    username: user.username,
    name: user.name,
    email: user.email,
    avatarUrl: user.avatar_url,
    url: user.profile_url,
  });
};
