/**
 * Settings that name providers are checked against the providers a gateway serves, when it is
 * created: a typo in a provider id or a header name is a configuration problem at start, not a
 * `PROVIDER_ERROR` on every call.
 */
import { describe, expect, it } from 'vitest';
import { createGateway } from '../../src/app.js';
import { ConfigError, defineConfig, type GatewayConfigInput } from '../../src/config.js';

const SECRET = 'sk_test_c29tZS1zZWNyZXQta2V5';

function problemsOf(input: Omit<GatewayConfigInput, 'clerk'>): readonly string[] {
  try {
    createGateway(defineConfig({ clerk: { secretKey: SECRET }, logLevel: 'silent', ...input }));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('createGateway: provider settings', () => {
  it('takes the headers a provider declares as settings', async () => {
    const gateway = createGateway(
      defineConfig({ clerk: { secretKey: SECRET }, providerHeaders: { twitch: { 'Client-Id': 'abc' } } }),
    );
    await gateway.close();
  });

  it('refuses the base URL of a provider it does not serve', () => {
    expect(problemsOf({ providerApiUrls: { githib: 'https://api.github.com' } })).toEqual([
      'providerApiUrls.githib: githib is not a provider this gateway serves',
    ]);
  });

  it('refuses a header a provider does not take from configuration, naming the ones it takes', () => {
    expect(problemsOf({ providerHeaders: { twitch: { 'client-id': 'abc' } } })).toEqual([
      'providerHeaders.twitch.client-id is not a header twitch takes from configuration (Client-Id)',
    ]);
  });
});
