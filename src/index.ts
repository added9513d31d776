/**
 * Provider Graph as a library: `createGateway` returns a Node request handler (`handle`), a WHATWG
 * `fetch` handler and `close()`, to mount next to an app's own routes (README, "Use it as a library").
 * Its configuration comes from code (`defineConfig`) or from an environment (`parseConfig`), with the
 * same defaults and checks.
 */
export { createGateway, type Gateway, type GatewayDeps, GRAPHQL_PATH, HEALTH_PATH } from './app.js';
export type { DocumentCompilation } from './compiled-execution.js';
export {
  ConfigError,
  defineConfig,
  type GatewayConfig,
  type GatewayConfigInput,
  type LogLevel,
  parseConfig,
  type ResilienceConfig,
  type SecurityConfig,
} from './config.js';
export { ERROR_CODES, type ErrorCode } from './errors.js';
export { limitGlobalFetch } from './http/global-fetch.js';
export { createLogger, type Logger } from './logger.js';
export { PROVIDERS } from './providers/index.js';
export type { Provider, ProviderDeclaration } from './providers/provider-declaration.js';
