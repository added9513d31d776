/**
 * Where a Clerk session token travels: `Authorization: Bearer <token>` from API clients, or the
 * `__session` cookie Clerk's frontend SDKs set on same-site requests. The header wins when both are sent,
 * as in Clerk's own `authenticateRequest`.
 */
export function readSessionToken(headers: Headers): string | null {
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    // A malformed header is treated as a token that fails verification, not as an absent one.
    return match?.[1] ?? authorization;
  }
  return readCookie(headers.get('cookie'), '__session');
}

function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    return value ? value : null;
  }
  return null;
}
