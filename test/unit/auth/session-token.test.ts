import { describe, expect, it } from 'vitest';
import { readSessionToken } from '../../../src/auth/session-token.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2ln';

describe('readSessionToken', () => {
  it('reads a Bearer token from the Authorization header', () => {
    expect(readSessionToken(new Headers({ authorization: `Bearer ${JWT}` }))).toBe(JWT);
  });

  it.each(['bearer', 'BEARER', 'BeArEr'])('reads the %s scheme case-insensitively', (scheme) => {
    expect(readSessionToken(new Headers({ authorization: `${scheme} ${JWT}` }))).toBe(JWT);
  });

  it('ignores extra spaces around the token', () => {
    expect(readSessionToken(new Headers({ authorization: `Bearer    ${JWT}   ` }))).toBe(JWT);
  });

  it('prefers the Authorization header over the __session cookie', () => {
    const headers = new Headers({ authorization: `Bearer ${JWT}`, cookie: '__session=from-cookie' });

    expect(readSessionToken(headers)).toBe(JWT);
  });

  it('reads the __session cookie when there is no Authorization header', () => {
    expect(readSessionToken(new Headers({ cookie: `__session=${JWT}` }))).toBe(JWT);
  });

  it('finds the __session cookie among other cookies', () => {
    const headers = new Headers({
      cookie: `theme=dark; __session_abc=other; __session=${JWT}; __client_uat=0`,
    });

    expect(readSessionToken(headers)).toBe(JWT);
  });

  it('returns null for an empty __session cookie', () => {
    expect(readSessionToken(new Headers({ cookie: 'theme=dark; __session=; lang=en' }))).toBeNull();
  });

  it('returns null when neither the header nor the cookie is sent', () => {
    expect(readSessionToken(new Headers({ cookie: 'theme=dark' }))).toBeNull();
    expect(readSessionToken(new Headers())).toBeNull();
  });

  it.each([
    ['another scheme', `Basic ${Buffer.from('user:pass').toString('base64')}`],
    ['a bare token', JWT],
    ['a Bearer scheme without a token', 'Bearer'],
    ['two tokens', `Bearer ${JWT} ${JWT}`],
  ])('returns a malformed Authorization header (%s) as-is, so it fails verification', (_name, value) => {
    const headers = new Headers({ authorization: value, cookie: `__session=${JWT}` });

    expect(readSessionToken(headers)).toBe(value);
  });
});
