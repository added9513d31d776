import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/errors.js';
import type { PageRef } from '../../../src/providers/page-styles.js';
import type { PagePosition } from '../../../src/providers/page-walker.js';
import { type CursorScope, createCursorCodec } from '../../../src/schema/cursor-codec.js';

const SECRET = 'sk_test_cursor-codec-unit-tests';
const SCOPE: CursorScope = { field: 'githubRepos', owner: 'eac_1', filters: '{"visibility":"ALL"}' };
const codec = createCursorCodec(SECRET);

/** The error code `decode` throws with, or `undefined` when it accepts the cursor. */
function refusal(cursor: string, scope: CursorScope = SCOPE, decoder = codec): string | undefined {
  try {
    decoder.decode(scope, cursor);
    return undefined;
  } catch (error) {
    return error instanceof GatewayError ? error.code : `not a GatewayError: ${String(error)}`;
  }
}

function flipByte(base64url: string, index: number): string {
  const bytes = Buffer.from(base64url, 'base64url');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString('base64url');
}

function partsOf(cursor: string): [string, string] {
  const [payload = '', mac = ''] = cursor.split('.');
  return [payload, mac];
}

describe('createCursorCodec', () => {
  it('hands back what a list pinned (a window taken from the clock), signed with the position', () => {
    const window = '{"from":"2026-12-04T00:00:00.000Z","to":"2027-01-03T00:00:00.000Z"}';
    const cursor = codec.encode(SCOPE, { page: 'token', offset: 3 }, window);
    expect(codec.decode(SCOPE, cursor)).toEqual({ page: 'token', offset: 3, pinned: window });
    expect(codec.decode(SCOPE, codec.encode(SCOPE, { end: true }, window))).toEqual({
      end: true,
      pinned: window,
    });
    expect(codec.decode(SCOPE, codec.encode(SCOPE, { page: 2, offset: 0 }))).not.toHaveProperty('pinned');
  });

  it('refuses a cursor whose pinned value was changed', () => {
    const cursor = codec.encode(SCOPE, { page: 2, offset: 0 }, '{"from":"a","to":"b"}');
    const [payload, mac] = partsOf(cursor);
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...body, k: '{"from":"x","to":"y"}' })).toString('base64url');
    expect(refusal(`${forged}.${mac}`)).toBe('BAD_USER_INPUT');
  });

  it.each<[string, PagePosition<PageRef>]>([
    ['a numbered page', { page: 3, offset: 17 }],
    ['page number zero', { page: 0, offset: 0 }],
    ['a string page', { page: 'c2f3a1e0-5b7d-4e2a-9c1f-0d8e7b6a5c4d', offset: 2 }],
    ['an empty string page', { page: '', offset: 1 }],
    ['the null page', { page: null, offset: 4 }],
    ['the end marker', { end: true }],
  ])('round-trips %s', (_name, position) => {
    expect(codec.decode(SCOPE, codec.encode(SCOPE, position))).toEqual(position);
  });

  it('makes cursors that another instance with the same secret accepts', () => {
    const cursor = codec.encode(SCOPE, { page: 2, offset: 5 });

    expect(createCursorCodec(SECRET).decode(SCOPE, cursor)).toEqual({ page: 2, offset: 5 });
  });

  it('makes cursors that are safe in a URL', () => {
    const cursor = codec.encode(SCOPE, { page: 'a/b+c=d', offset: 1 });

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('refuses a cursor issued for another field', () => {
    const cursor = codec.encode({ ...SCOPE, field: 'notionUsers' }, { page: 2, offset: 0 });

    expect(refusal(cursor)).toBe('BAD_USER_INPUT');
  });

  it('refuses a cursor issued for another account', () => {
    const cursor = codec.encode({ ...SCOPE, owner: 'eac_2' }, { page: 2, offset: 0 });

    expect(refusal(cursor)).toBe('BAD_USER_INPUT');
  });

  it('refuses a cursor issued for other filters', () => {
    const cursor = codec.encode({ ...SCOPE, filters: '{"visibility":"PUBLIC"}' }, { page: 2, offset: 0 });

    expect(refusal(cursor)).toBe('BAD_USER_INPUT');
  });

  it('refuses a cursor signed with another secret', () => {
    const cursor = createCursorCodec('sk_test_another-secret').encode(SCOPE, { page: 2, offset: 0 });

    expect(refusal(cursor)).toBe('BAD_USER_INPUT');
  });

  it('refuses a cursor whose scope parts were shifted between fields', () => {
    const shifted: CursorScope = { field: 'githubRepos', owner: 'eac_', filters: `1${SCOPE.filters}` };
    const cursor = codec.encode(shifted, { page: 2, offset: 0 });

    expect(refusal(cursor)).toBe('BAD_USER_INPUT');
  });

  it.each([0, 5, -1])('refuses a cursor with a flipped payload byte at %i', (index) => {
    const [payload, mac] = partsOf(codec.encode(SCOPE, { page: 2, offset: 10 }));

    expect(refusal(`${flipByte(payload, index)}.${mac}`)).toBe('BAD_USER_INPUT');
  });

  it.each([0, 9, -1])('refuses a cursor with a flipped MAC byte at %i', (index) => {
    const [payload, mac] = partsOf(codec.encode(SCOPE, { page: 2, offset: 10 }));

    expect(refusal(`${payload}.${flipByte(mac, index)}`)).toBe('BAD_USER_INPUT');
  });

  it('refuses a cursor whose MAC is cut short', () => {
    const [payload, mac] = partsOf(codec.encode(SCOPE, { page: 2, offset: 10 }));

    expect(refusal(`${payload}.${mac.slice(0, -4)}`)).toBe('BAD_USER_INPUT');
  });

  it('refuses a payload that moves to another page under the original MAC', () => {
    const [, mac] = partsOf(codec.encode(SCOPE, { page: 2, offset: 10 }));
    const forged = Buffer.from(JSON.stringify({ p: 3, o: 0 })).toString('base64url');

    expect(refusal(`${forged}.${mac}`)).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['an empty string', ''],
    ['a lone dot', '.'],
    ['garbage', 'not-a-cursor'],
    ['garbage around a dot', '%%%.$$$'],
    ['a Relay-style cursor', Buffer.from('arrayconnection:10').toString('base64')],
    ['base64 of JSON without a MAC', Buffer.from(JSON.stringify({ p: 2, o: 0 })).toString('base64url')],
    [
      'base64 of JSON with an empty MAC',
      `${Buffer.from(JSON.stringify({ p: 2, o: 0 })).toString('base64url')}.`,
    ],
  ])('refuses %s', (_name, cursor) => {
    expect(refusal(cursor)).toBe('BAD_USER_INPUT');
  });

  it('refuses a valid cursor with a third part appended', () => {
    const cursor = codec.encode(SCOPE, { page: 2, offset: 0 });

    expect(refusal(`${cursor}.extra`)).toBe('BAD_USER_INPUT');
  });

  it('refuses an over-long string', () => {
    expect(refusal(`${'A'.repeat(600)}.${'B'.repeat(24)}`)).toBe('BAD_USER_INPUT');
  });
});

describe('seal and unseal', () => {
  const USER_SCOPE: CursorScope = { field: 'User.repos', owner: 'user_1', filters: '{"provider":null}' };
  const STATE = {
    s: {
      eac_1: { '': [null, 3] },
      eac_2: { 'ws-a': ['token/é', 0], 'ws-b': [7, 12] },
      eac_3: 0,
    },
    k: '{"from":"2026-12-04T00:00:00.000Z","to":"2027-01-03T00:00:00.000Z"}',
  };

  /** The error code `unseal` throws with, or `undefined` when it accepts the cursor. */
  function unsealRefusal(cursor: string, scope: CursorScope = USER_SCOPE): string | undefined {
    try {
      codec.unseal(scope, cursor);
      return undefined;
    } catch (error) {
      return error instanceof GatewayError ? error.code : `not a GatewayError: ${String(error)}`;
    }
  }

  /** A sealed state of exactly `length` characters, padded with a filler string. */
  function sealedOfLength(length: number): string {
    const base = codec.seal(USER_SCOPE, { ...STATE, pad: '' }).length;
    for (let pad = Math.max(0, Math.floor(((length - base) * 3) / 4) - 4); pad < length; pad++) {
      const cursor = codec.seal(USER_SCOPE, { ...STATE, pad: 'x'.repeat(pad) });
      if (cursor.length === length) return cursor;
      if (cursor.length > length) break;
    }
    throw new Error(`no sealed state of length ${length}`);
  }

  it('round-trips a state object', () => {
    const cursor = codec.seal(USER_SCOPE, STATE);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(codec.unseal(USER_SCOPE, cursor)).toEqual(STATE);
    expect(createCursorCodec(SECRET).unseal(USER_SCOPE, cursor)).toEqual(STATE);
  });

  it('refuses a state whose payload was changed under the original MAC', () => {
    const [, mac] = partsOf(codec.seal(USER_SCOPE, STATE));
    const forged = Buffer.from(
      JSON.stringify({ ...STATE, s: { ...STATE.s, eac_1: { '': [null, 0] } } }),
    ).toString('base64url');

    expect(unsealRefusal(`${forged}.${mac}`)).toBe('BAD_USER_INPUT');
  });

  it.each([0, 7, -1])('refuses a state with a flipped payload byte at %i', (index) => {
    const [payload, mac] = partsOf(codec.seal(USER_SCOPE, STATE));

    expect(unsealRefusal(`${flipByte(payload, index)}.${mac}`)).toBe('BAD_USER_INPUT');
  });

  it.each<[string, CursorScope]>([
    ['another owner', { ...USER_SCOPE, owner: 'user_2' }],
    ['another field', { ...USER_SCOPE, field: 'User.issues' }],
    ['other filters', { ...USER_SCOPE, filters: '{"provider":"GITHUB"}' }],
  ])('refuses a state sealed for %s', (_name, other) => {
    const cursor = codec.seal(other, STATE);

    expect(codec.unseal(other, cursor)).toEqual(STATE);
    expect(unsealRefusal(cursor)).toBe('BAD_USER_INPUT');
  });

  it("refuses a cursor that `encode` made for an account's list under another field", () => {
    const accountScope: CursorScope = { field: 'ConnectedAccount.repos', owner: 'eac_1', filters: '{}' };
    const cursor = codec.encode(accountScope, { page: 2, offset: 1 });

    expect(codec.unseal(accountScope, cursor)).toEqual({ p: 2, o: 1 });
    expect(unsealRefusal(cursor, { ...accountScope, field: 'User.repos' })).toBe('BAD_USER_INPUT');
  });

  it('accepts a state cursor of 16384 characters and refuses a longer one', () => {
    const longest = sealedOfLength(16_384);
    const tooLong = sealedOfLength(16_385);

    expect(codec.unseal(USER_SCOPE, longest)).toEqual(expect.objectContaining({ s: STATE.s }));
    expect(unsealRefusal(tooLong)).toBe('BAD_USER_INPUT');
    expect(unsealRefusal(`${'A'.repeat(20_000)}.${'B'.repeat(24)}`)).toBe('BAD_USER_INPUT');
  });
});
