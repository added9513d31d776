/**
 * Which Microsoft Graph delegated permissions let a token read what the gateway reads, least privilege
 * first (each API's permissions table; docs/providers.md#microsoft, "Scopes"). The declaration's
 * `fieldScopes` lists them as alternatives; the emulator refuses a token without one of them.
 *
 * Microsoft scopes are case-insensitive and may come in their resource-qualified form
 * (`https://graph.microsoft.com/User.Read`); `grantsAnyOf` accepts both.
 */

/** `GET /v1.0/me` ("Get user"). */
export const GRAPH_ME_SCOPES = ['User.Read', 'User.ReadWrite', 'User.Read.All', 'User.ReadWrite.All'];

/** `GET /v1.0/me/calendarView` ("List calendarView"): `Calendars.ReadBasic` leaves out bodies. */
export const CALENDAR_VIEW_SCOPES = ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'];

/**
 * `GET /v1.0/me/drive/root/children` ("List children of a driveItem"); the `Sites.*` ones exist for
 * work or school accounts only.
 */
export const DRIVE_CHILDREN_SCOPES = [
  'Files.Read',
  'Files.ReadWrite',
  'Files.Read.All',
  'Files.ReadWrite.All',
  'Sites.Read.All',
  'Sites.ReadWrite.All',
];

const GRAPH_RESOURCE = 'https://graph.microsoft.com/';

function normalized(scope: string): string {
  const lower = scope.toLowerCase();
  return lower.startsWith(GRAPH_RESOURCE) ? lower.slice(GRAPH_RESOURCE.length) : lower;
}

/** Whether one of `granted` is one of `accepted`, in any case, qualified or not. */
export function grantsAnyOf(granted: readonly string[], accepted: readonly string[]): boolean {
  const wanted = new Set(accepted.map(normalized));
  return granted.some((scope) => wanted.has(normalized(scope)));
}

/** Whether granted scopes let a token read `GET /v1.0/me`. */
export function grantsGraphMe(scopes: readonly string[]): boolean {
  return grantsAnyOf(scopes, GRAPH_ME_SCOPES);
}
