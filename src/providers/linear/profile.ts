/**
 * The `viewer` query: the authenticated user (providers.md, Linear profile example). Linear's
 * `displayName` is the short handle (`jane`), `name` the full name.
 */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { linearManifest } from './manifest.js';

const VIEWER_QUERY = 'query Viewer { viewer { id name email displayName avatarUrl url } }';

const viewerSchema = z.object({
  data: z.object({
    viewer: z.object({
      id: z.string(),
      name: z.string().nullish(),
      email: z.string().nullish(),
      displayName: z.string().nullish(),
      avatarUrl: z.string().nullish(),
      url: z.string().nullish(),
    }),
  }),
});

export const readLinearProfile: ProfileReader = async (calls) => {
  const response = await calls.post('/graphql', { query: VIEWER_QUERY }, { idempotent: true });
  const { viewer } = bodyOf(viewerSchema, response, linearManifest.displayName).data;
  return profileOf({
    id: viewer.id,
    username: viewer.displayName,
    name: viewer.name,
    email: viewer.email,
    avatarUrl: viewer.avatarUrl,
    url: viewer.url,
  });
};
