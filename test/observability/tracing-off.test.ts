/**
 * A gateway without `OTEL_EXPORTER_OTLP_ENDPOINT` never loads the OpenTelemetry SDK or its exporter;
 * one with it does. Each gateway is made in a fresh Node process, whose module cache shows what loaded.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/child-process.js';

const SDK_PACKAGES = ['@opentelemetry/sdk-trace-node', '@opentelemetry/exporter-trace-otlp-http'];

/** The OpenTelemetry packages a new process has loaded after making a gateway with `tracingEndpoint`. */
async function openTelemetryLoadedWith(tracingEndpoint: string | null): Promise<string[]> {
  const script = `
    import { createRequire } from 'node:module';
    import { createGateway } from './src/app.ts';
    import { defineConfig } from './src/config.ts';
    const config = defineConfig({
      clerk: { secretKey: 'sk_test_tracing_off', publishableKey: 'pk_test_Y2xlcmsuZXhhbXBsZS5jb20k' },
      otlpEndpoint: ${JSON.stringify(tracingEndpoint)},
    });
    const gateway = createGateway(config, { logger: (await import('./src/logger.ts')).createLogger('silent') });
    const loaded = Object.keys(createRequire(import.meta.url).cache)
      .map((path) => path.match(/node_modules\\/(@opentelemetry\\/[^/]+)\\//)?.[1])
      .filter(Boolean);
    console.log(JSON.stringify([...new Set(loaded)]));
    await gateway.close();
  `;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[];
}

describe('the OpenTelemetry SDK', () => {
  it('is not loaded without a tracing endpoint', async () => {
    const loaded = await openTelemetryLoadedWith(null);
    for (const name of SDK_PACKAGES) expect(loaded).not.toContain(name);
  });

  it('is loaded with one', async () => {
    const loaded = await openTelemetryLoadedWith('http://127.0.0.1:4318');
    for (const name of SDK_PACKAGES) expect(loaded).toContain(name);
  });
});
