import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/errors.js';
import { createConditionalRequests } from '../../../src/http/conditional-requests.js';
import type { UpstreamResponse } from '../../../src/http/upstream-types.js';

function answer(status: number, headers: Record<string, string>, body?: unknown): UpstreamResponse {
  return { status, headers: { get: (name) => headers[name.toLowerCase()] ?? null }, body };
}

describe('conditional requests', () => {
  it('sends the kept ETag and serves the kept answer on a 304, with the fresh headers over the kept ones', () => {
    const conditional = createConditionalRequests({ maxEntries: 10 });
    expect(conditional.headersFor('eac_1 https://api/x')).toEqual({});
    conditional.settle(
      'eac_1 https://api/x',
      answer(200, { etag: 'W/"a"', link: '<next>' }, [1, 2]),
      'GitHub',
    );
    expect(conditional.headersFor('eac_1 https://api/x')).toEqual({ 'If-None-Match': 'W/"a"' });
    const served = conditional.settle(
      'eac_1 https://api/x',
      answer(304, { 'x-ratelimit-remaining': '9' }),
      'GitHub',
    );
    expect(served.status).toBe(200);
    expect(served.body).toEqual([1, 2]);
    expect(served.headers.get('x-ratelimit-remaining')).toBe('9');
    expect(served.headers.get('link')).toBe('<next>');
  });

  it('keeps validators per account: another account of the same URL sends none', () => {
    const conditional = createConditionalRequests({ maxEntries: 10 });
    conditional.settle('eac_1 https://api/x', answer(200, { etag: '"a"' }, []), 'GitHub');
    expect(conditional.headersFor('eac_2 https://api/x')).toEqual({});
  });

  it('falls back to Last-Modified, forgets an answer without validators, and refuses a 304 to a first read', () => {
    const conditional = createConditionalRequests({ maxEntries: 10 });
    conditional.settle('k', answer(200, { 'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT' }, []), 'GitLab');
    expect(conditional.headersFor('k')).toEqual({ 'If-Modified-Since': 'Tue, 01 Dec 2026 10:00:00 GMT' });
    conditional.settle('k', answer(200, {}, []), 'GitLab');
    expect(conditional.headersFor('k')).toEqual({});
    expect(() => conditional.settle('k', answer(304, {}), 'GitLab')).toThrow(GatewayError);
  });

  it('keeps at most maxEntries answers, the least recently used going first', () => {
    const conditional = createConditionalRequests({ maxEntries: 2 });
    for (const key of ['a', 'b']) conditional.settle(key, answer(200, { etag: key }, key), 'X');
    conditional.settle('a', answer(304, {}), 'X');
    conditional.settle('c', answer(200, { etag: 'c' }, 'c'), 'X');
    expect(conditional.headersFor('b')).toEqual({});
    expect(conditional.headersFor('a')).toEqual({ 'If-None-Match': 'a' });
  });
});
