import { describe, expect, it } from 'vitest';
import { meaningOfRules, statusesOfRules } from '../../../src/http/refusal-rules.js';
import type { RefusalRule } from '../../../src/http/upstream-types.js';

/** An answer as the HTTP client reads it; `Headers` looks names up case-insensitively, as the client's do. */
function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  return { status, headers: new Headers(headers), body };
}

const noWait = () => undefined;

/** The meaning `rules` give `status` and `body`, with no signalled wait. */
function meaningOf(rules: readonly RefusalRule[], status: number, body: unknown) {
  return meaningOfRules(rules, answer(status, body), noWait);
}

describe('statusesOfRules', () => {
  it('lists every status some rule reads, once each', () => {
    const rules: RefusalRule[] = [
      { status: 403, means: 'MISSING_SCOPES' },
      { status: [401, 403], means: 'REAUTH_REQUIRED' },
      { status: 400, means: 'PROVIDER_ERROR' },
    ];

    expect(statusesOfRules(rules)).toEqual([403, 401, 400]);
  });
});

describe('meaningOfRules', () => {
  it('matches a rule by its status alone when it has no condition', () => {
    expect(meaningOf([{ status: 401, means: 'REAUTH_REQUIRED' }], 401, undefined)).toEqual({
      kind: 'token-rejected',
    });
  });

  it('matches any status of a rule that lists several', () => {
    const rules: RefusalRule[] = [{ status: [400, 422], means: 'PROVIDER_ERROR' }];

    expect(meaningOf(rules, 422, {})).toEqual({ kind: 'refused' });
  });

  it('gives no meaning when no rule matches the status', () => {
    expect(meaningOf([{ status: 401, means: 'REAUTH_REQUIRED' }], 403, {})).toBeUndefined();
  });

  // Microsoft Graph: 403 `{"error": {"code": "Authorization_RequestDenied"}}` (docs/providers.md#microsoft).
  it('matches a body value at a dotted path that equals the expected one', () => {
    const rules: RefusalRule[] = [
      {
        status: 403,
        when: { at: 'error.code', equals: 'Authorization_RequestDenied' },
        means: 'MISSING_SCOPES',
      },
    ];

    expect(meaningOf(rules, 403, { error: { code: 'Authorization_RequestDenied' } })).toEqual({
      kind: 'missing-scopes',
    });
    expect(meaningOf(rules, 403, { error: { code: 'Request_ResourceNotFound' } })).toBeUndefined();
  });

  it('matches a body value that is one of several', () => {
    const rules: RefusalRule[] = [
      { status: 403, when: { at: 'code', oneOf: ['denied', 'forbidden'] }, means: 'MISSING_SCOPES' },
    ];

    expect(meaningOf(rules, 403, { code: 'forbidden' })).toEqual({ kind: 'missing-scopes' });
    expect(meaningOf(rules, 403, { code: 'other' })).toBeUndefined();
  });

  it('matches a string body value against a pattern, and never a value that is not a string', () => {
    const rules: RefusalRule[] = [
      { status: 401, when: { at: 'message', matches: /client id/i }, means: 'PROVIDER_ERROR' },
    ];

    expect(meaningOf(rules, 401, { message: 'Client ID and OAuth token do not match' })).toEqual({
      kind: 'refused',
    });
    expect(meaningOf(rules, 401, { message: { text: 'client id' } })).toBeUndefined();
  });

  it('matches a present body value, and not a null or missing one', () => {
    const rules: RefusalRule[] = [
      { status: 400, when: { at: 'error', present: true }, means: 'PROVIDER_ERROR' },
    ];

    expect(meaningOf(rules, 400, { error: false })).toEqual({ kind: 'refused' });
    expect(meaningOf(rules, 400, { error: null })).toBeUndefined();
    expect(meaningOf(rules, 400, {})).toBeUndefined();
  });

  // Dropbox tags its errors with a `.tag` key, which a dotted path cannot name.
  it('reads a key holding a dot when the path is given as segments', () => {
    const rules: RefusalRule[] = [
      { status: 401, when: { at: ['error', '.tag'], equals: 'missing_scope' }, means: 'MISSING_SCOPES' },
    ];

    expect(meaningOf(rules, 401, { error: { '.tag': 'missing_scope' } })).toEqual({ kind: 'missing-scopes' });
  });

  // Coinbase: `{"errors": [{"id": "invalid_scope"}, …]}`.
  it('holds when any element of an array under `*` meets the condition', () => {
    const rules: RefusalRule[] = [
      { status: 403, when: { at: 'errors.*.id', equals: 'invalid_scope' }, means: 'MISSING_SCOPES' },
    ];

    expect(meaningOf(rules, 403, { errors: [{ id: 'other' }, { id: 'invalid_scope' }] })).toEqual({
      kind: 'missing-scopes',
    });
    expect(meaningOf(rules, 403, { errors: { id: 'invalid_scope' } })).toBeUndefined();
  });

  it('reads a header condition by its name in any case', () => {
    const rules: RefusalRule[] = [
      {
        status: 403,
        header: { name: 'WWW-Authenticate', matches: /insufficient_scope/ },
        means: 'MISSING_SCOPES',
      },
    ];
    const refused = answer(403, undefined, { 'www-authenticate': 'Bearer error="insufficient_scope"' });

    expect(meaningOfRules(rules, refused, noWait)).toEqual({ kind: 'missing-scopes' });
    expect(meaningOfRules(rules, answer(403, undefined), noWait)).toBeUndefined();
  });

  it('gives the meaning of the first rule that matches', () => {
    const rules: RefusalRule[] = [
      { status: 403, when: { at: 'reason', equals: 'rate' }, means: 'RATE_LIMITED' },
      { status: 403, means: 'MISSING_SCOPES' },
      { status: 403, means: 'PROVIDER_ERROR' },
    ];

    expect(meaningOf(rules, 403, { reason: 'scope' })).toEqual({ kind: 'missing-scopes' });
  });

  it('gives a rate limit the wait the provider signalled', () => {
    const rules: RefusalRule[] = [{ status: 403, means: 'RATE_LIMITED' }];

    expect(meaningOfRules(rules, answer(403, {}), () => 2_500)).toEqual({
      kind: 'rate-limited',
      waitMs: 2_500,
    });
  });

  it('gives a rate limit no wait when the provider signalled none', () => {
    const rules: RefusalRule[] = [{ status: 403, means: 'RATE_LIMITED' }];

    const meaning = meaningOfRules(rules, answer(403, {}), noWait);

    expect(meaning).toEqual({ kind: 'rate-limited' });
    expect(meaning).not.toHaveProperty('waitMs');
  });

  it('reads a body that is not an object as one no condition holds on, without throwing', () => {
    const rules: RefusalRule[] = [
      { status: 403, when: { at: 'errors.*.id', present: true }, means: 'MISSING_SCOPES' },
      { status: 403, when: { at: ['error', '.tag'], equals: 'x' }, means: 'MISSING_SCOPES' },
    ];

    for (const body of ['Forbidden', null, [1, 2], 42, undefined]) {
      expect(meaningOf(rules, 403, body)).toBeUndefined();
    }
  });
});
