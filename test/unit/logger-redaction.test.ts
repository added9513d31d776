import { describe, expect, it } from 'vitest';
import { createLogger, redactCredentials } from '../../src/logger.js';

describe('log line redaction', () => {
  it('cuts credentials out at the top, one level down and in req.headers, and leaves the rest', () => {
    const line = {
      token: 'tok_top',
      accessToken: 'tok_access',
      headers: { authorization: 'Bearer sess_1', cookie: '__session=1', accept: 'application/json' },
      upstream: {
        Authorization: 'Bearer prov_1',
        secretKey: 'sk_test_1',
        url: 'https://api.github.com/user',
      },
      req: { headers: { authorization: 'Bearer sess_2', cookie: 'c=2', host: 'gateway' } },
      status: 200,
      list: [{ token: 'in an array: not a field of the line' }],
    };
    expect(redactCredentials(line)).toEqual({
      token: '[redacted]',
      accessToken: '[redacted]',
      headers: { authorization: '[redacted]', cookie: '[redacted]', accept: 'application/json' },
      upstream: { Authorization: '[redacted]', secretKey: '[redacted]', url: 'https://api.github.com/user' },
      req: { headers: { authorization: '[redacted]', cookie: '[redacted]', host: 'gateway' } },
      status: 200,
      list: [{ token: 'in an array: not a field of the line' }],
    });
    // The caller's object is never changed.
    expect(line.headers.authorization).toBe('Bearer sess_1');
  });

  it('hands back a line without credentials as it is, without copying it', () => {
    const line = { requestId: 'r1', method: 'POST', path: '/graphql', status: 200, durationMs: 3.1 };
    expect(redactCredentials(line)).toBe(line);
  });

  it('is what the logger writes', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (text: string) => void lines.push(text) });
    logger.info({ upstream: { token: 'gho_secret', provider: 'github' } }, 'provider call');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('gho_secret');
    expect(JSON.parse(lines[0] ?? '{}').upstream).toEqual({ token: '[redacted]', provider: 'github' });
  });
});
