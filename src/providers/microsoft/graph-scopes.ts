/**
 * Whether granted scopes let a token read `GET /v1.0/me`: `User.Read`, or a broader user permission
 * (Microsoft Graph "Get user", permissions table). Microsoft scopes are case-insensitive and may come
 * in their resource-qualified form (`https://graph.microsoft.com/User.Read`).
 */
const ME_SCOPES = new Set(['user.read', 'user.readwrite', 'user.read.all', 'user.readwrite.all']);
const GRAPH_RESOURCE = 'https://graph.microsoft.com/';

export function grantsGraphMe(scopes: readonly string[]): boolean {
  return scopes.some((scope) => {
    const lower = scope.toLowerCase();
    return ME_SCOPES.has(lower.startsWith(GRAPH_RESOURCE) ? lower.slice(GRAPH_RESOURCE.length) : lower);
  });
}
