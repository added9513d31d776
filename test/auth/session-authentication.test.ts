import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { claimsOf, foreignKeyPem, signRs256, tamper, unsigned } from '../support/jwt.js';
import { errorCodes, type Stack, startStack } from '../support/stack.js';

const Me = graphql(`
  query AuthMe {
    me {
      id
    }
  }
`);

const FRONTEND = 'https://app.example.com';

describe('session authentication with a PEM key (networkless)', () => {
  let stack: Stack;
  let userId: string;

  beforeAll(async () => {
    stack = await startStack({ env: { CLERK_AUTHORIZED_PARTIES: `${FRONTEND}, http://localhost:3000` } });
    userId = stack.emulator.clerk.createUser({ username: 'grace' }).id;
  });
  afterAll(() => stack.close());

  const validToken = () => stack.emulator.clerk.signSessionToken(userId, { azp: FRONTEND });

  it('accepts a valid token in the Authorization header', async () => {
    const response = await stack.query(Me, {}, { token: validToken() });
    expect(response.status).toBe(200);
    expect(response.body.data?.me?.id).toBe(userId);
  });

  it('accepts a valid token in the __session cookie', async () => {
    const response = await stack.query(
      Me,
      {},
      { headers: { cookie: `theme=dark; __session=${validToken()}` } },
    );
    expect(response.body.data?.me?.id).toBe(userId);
  });

  const rejections: [string, () => Record<string, string>][] = [
    ['a missing token', () => ({})],
    ['a malformed token', () => ({ authorization: 'Bearer not-a-jwt' })],
    ['an Authorization header without a token', () => ({ authorization: 'Bearer' })],
    [
      'an expired token',
      () => bearer(stack.emulator.clerk.signSessionToken(userId, { azp: FRONTEND, expiresInSeconds: -60 })),
    ],
    [
      'a token that is not valid yet',
      () => bearer(stack.emulator.clerk.signSessionToken(userId, { azp: FRONTEND, notBeforeInSeconds: 300 })),
    ],
    [
      'a token signed by a foreign key',
      () =>
        bearer(
          signRs256(
            { alg: 'RS256', kid: stack.emulator.clerk.kid, typ: 'JWT' },
            claimsOf(validToken()),
            foreignKeyPem(),
          ),
        ),
    ],
    ['an unsigned token (alg: none)', () => bearer(unsigned(claimsOf(validToken())))],
    [
      'a token for an unauthorized party (azp)',
      () => bearer(stack.emulator.clerk.signSessionToken(userId, { azp: 'https://evil.example' })),
    ],
    ['a tampered token', () => bearer(tamper(validToken(), { sub: 'user_someoneElse0000000000000' }))],
    [
      'a session with pending tasks',
      () =>
        bearer(stack.emulator.clerk.signSessionToken(userId, { azp: FRONTEND, claims: { sts: 'pending' } })),
    ],
    [
      'the same token in a cookie, tampered',
      () => ({ cookie: `__session=${tamper(validToken(), { exp: 4102444800 })}` }),
    ],
  ];

  for (const [what, headers] of rejections) {
    it(`refuses ${what} with UNAUTHENTICATED and HTTP 401, calling neither Clerk nor a provider`, async () => {
      stack.emulator.calls.reset();
      const response = await stack.query(Me, {}, { headers: headers() });
      expect(response.status).toBe(401);
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.body.data?.me ?? null).toBeNull();
      expect(stack.emulator.calls.count()).toBe(0);
    });
  }

  it('never echoes the rejected token', async () => {
    const token = tamper(validToken(), { sub: 'user_x' });
    const response = await stack.query(Me, {}, { token });
    expect(JSON.stringify(response.body)).not.toContain(token.split('.')[2]);
    expect(stack.logs.join('\n')).not.toContain(token.split('.')[2]);
  });
});

describe('session authentication with the JWKS from the Backend API', () => {
  let stack: Stack;
  let userId: string;

  beforeAll(async () => {
    stack = await startStack({ env: { CLERK_JWT_KEY: undefined } });
    userId = stack.emulator.clerk.createUser().id;
  });
  afterAll(() => stack.close());

  it('verifies tokens against the keys it fetched once', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await stack.query(Me, {}, { token: stack.emulator.clerk.signSessionToken(userId) });
      expect(response.body.data?.me?.id).toBe(userId);
    }
    expect(stack.emulator.calls.count({ route: 'clerk.jwks' })).toBe(1);
  });

  it('does not let tokens with unknown key ids trigger a key fetch each', async () => {
    await stack.query(Me, {}, { token: stack.emulator.clerk.signSessionToken(userId) });
    stack.emulator.calls.reset();
    const foreignKey = foreignKeyPem();
    const forged = Array.from({ length: 20 }, (_, i) =>
      signRs256(
        { alg: 'RS256', kid: `ins_forged${i}`, typ: 'JWT' },
        claimsOf(stack.emulator.clerk.signSessionToken(userId)),
        foreignKey,
      ),
    );
    const responses = await Promise.all(forged.map((token) => stack.query(Me, {}, { token })));
    expect(responses.map((response) => response.status)).toEqual(forged.map(() => 401));
    expect(stack.emulator.calls.count({ route: 'clerk.jwks' })).toBe(0);
  });
});

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
