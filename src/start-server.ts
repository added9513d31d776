/**
 * The production server: the configuration of an environment, the gateway on it, listening until
 * SIGTERM or SIGINT. `server.ts` runs it on `process.env`.
 */
import { createGateway } from './app.js';
import { ConfigError, parseConfig } from './config.js';
import { limitGlobalFetch } from './http/global-fetch.js';
import { closeOnSignals, listen } from './listen.js';
import { createLogger, stdoutDestination } from './logger.js';
import { METRICS_PATH } from './observability/metrics.js';
import { PROVIDERS } from './providers/index.js';

export async function startServer(env: Readonly<Record<string, string | undefined>>): Promise<void> {
  let parsed: ReturnType<typeof parseConfig>;
  try {
    parsed = parseConfig(env, { providers: PROVIDERS });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const { config, warnings } = parsed;
  const logger = createLogger(config.logLevel, stdoutDestination());
  for (const warning of warnings) logger.warn(warning);

  // The Clerk SDK's requests go through the global fetch: bound them like every other upstream call.
  limitGlobalFetch(config.upstreamTimeoutMs);
  const gateway = createGateway(config, { logger, providers: PROVIDERS });
  await gateway.warmUp();
  const server = await listen(gateway.handle, { port: config.port, host: config.host });
  const metricsServer =
    gateway.metrics && config.metricsPort !== null
      ? await listen(gateway.metrics, { port: config.metricsPort, host: config.host })
      : undefined;
  logger.info(
    {
      url: `${server.url}/graphql`,
      clerkApiUrl: config.clerk.apiUrl,
      ...(metricsServer ? { metricsUrl: `${metricsServer.url}${METRICS_PATH}` } : {}),
      tracing: config.otlpEndpoint !== null,
    },
    'Provider Graph is listening',
  );
  closeOnSignals(server, logger, {
    onStopping: () => gateway.drain(),
    delayMs: config.shutdownDelayMs,
    onClose: async () => {
      await metricsServer?.close(1_000);
      await gateway.close();
    },
    // In-flight operations end by their deadline: wait that long (and a little) before cutting them.
    graceMs: config.resilience.operationTimeoutMs + 1_000,
    // Run by `npm start` (npm sets `npm_lifecycle_event` in the script's environment).
    stopWithParent: env.npm_lifecycle_event !== undefined,
  });
}
