import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { PROVIDERS } from '../../src/providers/index.js';

const SECRET = 'sk_test_c29tZS1zZWNyZXQta2V5';

describe('resilience settings', () => {
  it('default to a 15 s operation deadline, a 2 s retry budget, 5 failures and 15 s of cool-down', () => {
    const { config, warnings } = parseConfig({ CLERK_SECRET_KEY: SECRET }, { providers: PROVIDERS });

    expect(warnings).toEqual([]);
    expect(config.upstreamTimeoutMs).toBe(10_000);
    expect(config.resilience).toEqual({
      operationTimeoutMs: 15_000,
      retryBudgetMs: 2_000,
      circuitFailureThreshold: 5,
      circuitCooldownMs: 15_000,
      userStaleIfErrorMs: 600_000,
      maxUpstreamBodyBytes: 10 * 1024 * 1024,
    });
  });

  it('read every GATEWAY_ variable', () => {
    const { config, warnings } = parseConfig(
      {
        CLERK_SECRET_KEY: SECRET,
        GATEWAY_OPERATION_TIMEOUT_MS: '5000',
        GATEWAY_RETRY_BUDGET_MS: '0',
        GATEWAY_CIRCUIT_FAILURE_THRESHOLD: '10',
        GATEWAY_CIRCUIT_COOLDOWN_MS: '30000',
        GATEWAY_USER_STALE_IF_ERROR_MS: '0',
        GATEWAY_MAX_UPSTREAM_BODY_BYTES: '1048576',
      },
      { providers: PROVIDERS },
    );

    expect(warnings).toEqual([]);
    expect(config.resilience).toEqual({
      operationTimeoutMs: 5_000,
      retryBudgetMs: 0,
      circuitFailureThreshold: 10,
      circuitCooldownMs: 30_000,
      userStaleIfErrorMs: 0,
      maxUpstreamBodyBytes: 1_048_576,
    });
  });

  it('refuses values out of range, naming each', () => {
    const names = [
      'GATEWAY_OPERATION_TIMEOUT_MS',
      'GATEWAY_RETRY_BUDGET_MS',
      'GATEWAY_CIRCUIT_FAILURE_THRESHOLD',
      'GATEWAY_CIRCUIT_COOLDOWN_MS',
      'GATEWAY_USER_STALE_IF_ERROR_MS',
      'GATEWAY_MAX_UPSTREAM_BODY_BYTES',
    ];
    let error: unknown;
    try {
      parseConfig(
        {
          CLERK_SECRET_KEY: SECRET,
          GATEWAY_OPERATION_TIMEOUT_MS: '10',
          GATEWAY_RETRY_BUDGET_MS: '-1',
          GATEWAY_CIRCUIT_FAILURE_THRESHOLD: '0',
          GATEWAY_CIRCUIT_COOLDOWN_MS: 'soon',
          GATEWAY_USER_STALE_IF_ERROR_MS: '1e9',
          GATEWAY_MAX_UPSTREAM_BODY_BYTES: '10',
        },
        { providers: PROVIDERS },
      );
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    for (const name of names) expect(problems.some((problem) => problem.startsWith(`${name} `))).toBe(true);
  });
});
