/**
 * `npm start`: the production server. The only module that reads the environment; everything else
 * receives the parsed configuration.
 */
import { createGateway } from './app.js';
import { ConfigError, parseConfig } from './config.js';
import { limitGlobalFetch } from './http/global-fetch.js';
import { closeOnSignals, listen } from './listen.js';
import { createLogger, stdoutDestination } from './logger.js';

function loadConfig() {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

const { config, warnings } = loadConfig();
const logger = createLogger(config.logLevel, stdoutDestination());
for (const warning of warnings) logger.warn(warning);

// The Clerk SDK's requests go through the global fetch: bound them like every other upstream call.
limitGlobalFetch(config.upstreamTimeoutMs);
const gateway = createGateway(config, { logger });
await gateway.warmUp();
const server = await listen(gateway.handle, { port: config.port, host: config.host });
logger.info(
  { url: `${server.url}/graphql`, clerkApiUrl: config.clerk.apiUrl },
  'Provider Graph is listening',
);
// In-flight operations end by their deadline: wait that long (and a little) before cutting them.
closeOnSignals(server, logger, () => gateway.close(), config.resilience.operationTimeoutMs + 1_000);
