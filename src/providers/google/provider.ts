import { defineProvider } from '../provider-declaration.js';
import { CALENDAR_EVENTS_SCOPES, DRIVE_FILES_SCOPES, USERINFO_SCOPES } from './google-scopes.js';
import { interpretGoogleRefusal } from './refusals.js';
import { CALENDAR_EVENT_PAGES, googleSchema } from './schema.js';

/**
 * Google APIs on www.googleapis.com (docs/providers.md#google). A 403 means three things there: a
 * missing scope, a rate limit or a plain refusal, told apart by the error's reasons (`refusals.ts`),
 * which no rule can read; Google sends no rate-limit headers.
 */
export const google = defineProvider({
  id: 'google',
  displayName: 'Google',
  clerkDocsSlug: 'google',
  apiBaseUrl: 'https://www.googleapis.com',
  interpret: interpretGoogleRefusal,
  interpretStatuses: [403, 429],
  // `nextPageToken` in the body, sent back as `pageToken`; the page size is Calendar's `maxResults`
  // (up to 2500) or Drive's `pageSize` (up to 1000): each list states its own (schema.ts).
  pagination: CALENDAR_EVENT_PAGES,
  // Observed in Clerk-generated authorize URLs.
  defaultScopes: [
    'openid',
    'https://www.googleapis.com/auth/userinfo.email',
    'https://www.googleapis.com/auth/userinfo.profile',
  ],
  // Each requirement's alternatives, least privilege first (google-scopes.ts). The userinfo endpoint is
  // OpenID Connect's: `openid` is its scope, and a token with only the email or profile scope is
  // answered too. The lists need a Calendar or Drive scope, none of which Clerk asks for by default.
  fieldScopes: {
    profile: [USERINFO_SCOPES],
    googleCalendarEvents: [CALENDAR_EVENTS_SCOPES],
    googleDriveFiles: [DRIVE_FILES_SCOPES],
  },
  // The OpenID Connect claims of the account; Google gives no username or profile page.
  userinfoPath: '/oauth2/v3/userinfo',
  schema: googleSchema,
});
