/**
 * `npm start`: the production server. The only module that reads the environment; everything else
 * receives the parsed configuration.
 */
import { createGateway } from './app.js';
import { ConfigError, parseConfig } from './config.js';
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

const gateway = createGateway(config, { logger });
await gateway.warmUp();
const server = await listen(gateway.handle, { port: config.port, host: config.host });
logger.info(
  { url: `${server.url}/graphql`, clerkApiUrl: config.clerk.apiUrl },
  'Provider Graph is listening',
);
closeOnSignals(server, logger, () => gateway.close());
