/**
 * The OAuth scopes of the Google calls the gateway makes, as the declaration requires them and the
 * emulator grants them (docs/providers.md#google, "Scopes"). Each list is one requirement's
 * alternatives, the one an application should ask for first.
 */

const AUTH = 'https://www.googleapis.com/auth/';

export const USERINFO_EMAIL = `${AUTH}userinfo.email`;
export const USERINFO_PROFILE = `${AUTH}userinfo.profile`;

/**
 * `GET /oauth2/v3/userinfo` answers a token with any identity scope: `openid` gives `sub` alone, the
 * email and profile scopes (short or long names) add their claims to it.
 */
export const USERINFO_SCOPES = ['openid', 'email', USERINFO_EMAIL, 'profile', USERINFO_PROFILE] as const;

/**
 * `events.list` of the primary calendar with every event's details: the scopes of the method's reference
 * that reach the user's own calendar. `calendar.events.readonly` (events only, read only) is the least;
 * the `.owned` ones are for calendars the user owns, which the primary calendar is. The method also takes
 * `calendar.app.created` (calendars the app made), `calendar.events.public.readonly` (public calendars)
 * and `calendar.events.freebusy` (availability only): none reads the primary calendar's events.
 */
export const CALENDAR_EVENTS_SCOPES = [
  `${AUTH}calendar.events.readonly`,
  `${AUTH}calendar.readonly`,
  `${AUTH}calendar.events.owned.readonly`,
  `${AUTH}calendar.events.owned`,
  `${AUTH}calendar.events`,
  `${AUTH}calendar`,
] as const;

/** The other scopes `events.list` takes, which do not reach the primary calendar. */
export const CALENDAR_OTHER_SCOPES = [
  `${AUTH}calendar.app.created`,
  `${AUTH}calendar.events.public.readonly`,
  `${AUTH}calendar.events.freebusy`,
] as const;

/**
 * `files.list` of every file the user can see: `drive.metadata.readonly` (metadata only) is the least,
 * then `drive.readonly`, `drive.metadata`, `drive`.
 */
export const DRIVE_FILES_SCOPES = [
  `${AUTH}drive.metadata.readonly`,
  `${AUTH}drive.readonly`,
  `${AUTH}drive.metadata`,
  `${AUTH}drive`,
] as const;

/**
 * The other scopes `files.list` takes, which show only some files: those the app created or the user
 * opened with it (`drive.file`), its hidden app data (`drive.appdata`), photos, Meet recordings.
 */
export const DRIVE_PARTIAL_SCOPES = [
  `${AUTH}drive.file`,
  `${AUTH}drive.appdata`,
  `${AUTH}drive.photos.readonly`,
  `${AUTH}drive.meet.readonly`,
] as const;

export function grantsAnyOf(granted: readonly string[], scopes: readonly string[]): boolean {
  return scopes.some((scope) => granted.includes(scope));
}
