/**
 * Refusal rules: what a provider's refusal means, said as data (as Nango's `providers.yaml` says how a
 * provider signals errors) instead of a function per provider. A rule matches a status and, optionally,
 * a field of the JSON body or a header, and names the gateway code the answer means:
 *
 *   { status: 403, when: { at: 'error', equals: 'insufficient_scope' }, means: 'MISSING_SCOPES' }  // GitLab
 *   { status: 401, when: { at: ['error', '.tag'], equals: 'missing_scope' }, means: 'MISSING_SCOPES' }  // Dropbox
 *   { status: 403, when: { at: 'errors.*.id', equals: 'invalid_scope' }, means: 'MISSING_SCOPES' }  // Coinbase
 *
 * A provider whose answers no rule can describe (Slack's `ok: false` on HTTP 200, Google's reasons and
 * retry hints) keeps a code hook, `interpret`, beside its rules.
 */
import { valuesAt } from './json-path.js';
import type { AnswerMeaning, BodyCondition, RefusalRule, ResponseHeaders, Scalar } from './upstream-types.js';

/** The statuses whose body some rule reads. */
export function statusesOfRules(rules: readonly RefusalRule[]): number[] {
  return [...new Set(rules.flatMap((rule) => statusesOf(rule)))];
}

/** The meaning of the first rule that matches, or `undefined`. `waitMs` is the signalled wait, if any. */
export function meaningOfRules(
  rules: readonly RefusalRule[],
  answer: { readonly status: number; readonly headers: ResponseHeaders; readonly body: unknown },
  waitMs: () => number | undefined,
): AnswerMeaning | undefined {
  const rule = rules.find(
    (candidate) =>
      statusesOf(candidate).includes(answer.status) &&
      (candidate.when === undefined || holds(candidate.when, answer.body)) &&
      (candidate.header === undefined ||
        (answer.headers.get(candidate.header.name) ?? '').search(candidate.header.matches) >= 0),
  );
  if (!rule) return undefined;
  switch (rule.means) {
    case 'REAUTH_REQUIRED':
      return { kind: 'token-rejected' };
    case 'MISSING_SCOPES':
      return { kind: 'missing-scopes' };
    case 'RATE_LIMITED': {
      const wait = waitMs();
      return wait === undefined ? { kind: 'rate-limited' } : { kind: 'rate-limited', waitMs: wait };
    }
    case 'PROVIDER_ERROR':
      return { kind: 'refused' };
  }
}

function statusesOf(rule: RefusalRule): readonly number[] {
  return typeof rule.status === 'number' ? [rule.status] : rule.status;
}

function holds(condition: BodyCondition, body: unknown): boolean {
  return valuesAt(body, condition.at).some((value) => {
    if (condition.present) return value !== null && value !== undefined;
    if (condition.equals !== undefined) return value === condition.equals;
    if (condition.oneOf !== undefined) return condition.oneOf.includes(value as Scalar);
    // `search`, not `test`: a pattern with the `g` flag keeps no state between answers.
    if (condition.matches !== undefined)
      return typeof value === 'string' && value.search(condition.matches) >= 0;
    return false;
  });
}
