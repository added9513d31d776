/**
 * Everything the gateway does against hostile or careless clients, as Yoga options and plugins
 * (README, "Limits and security"): request size, CSRF prevention for cookie sessions, CORS, limits on
 * the operation (tokens, aliases, depth, directives, provider calls), introspection and field
 * suggestions off without developer tools, and the per-user rate limit.
 */
import type { Plugin } from 'graphql-yoga';
import type { Clock, SharedBuckets } from '../cache/cache-store.js';
import type { SecurityConfig } from '../config.js';
import { CSRF_HEADER, useCookieSessionCSRFPrevention } from './csrf.js';
import { useQueryLimits } from './query-limits.js';
import { createSharedRateLimiter, createUserRateLimiter, useUserRateLimit } from './rate-limit.js';
import { useRequestSizeLimits } from './request-size.js';

export interface GatewaySecurityOptions {
  /** GraphiQL is served: introspection and field suggestions stay on (development, the sandbox). */
  readonly developerTools: boolean;
  readonly clock?: Clock;
  /** Rate-limit buckets shared by every instance (Redis); omitted: each instance counts alone. */
  readonly buckets?: SharedBuckets;
  /** Told of each request the per-user rate limit refuses (metrics). */
  readonly onRateLimited?: () => void;
}

export interface GatewaySecurity {
  /** Yoga's `cors` option. */
  readonly cors: {
    readonly origin: string | string[];
    readonly credentials: boolean;
    readonly methods: string[];
    readonly allowedHeaders: string[];
  };
  /** Yoga's `maxRequestBodySize` option: off, `useRequestSizeLimits` bounds bodies for less. */
  readonly maxRequestBodySize: false;
  readonly plugins: Plugin[];
}

export function createGatewaySecurity(
  config: SecurityConfig,
  options: GatewaySecurityOptions,
): GatewaySecurity {
  const plugins: Plugin[] = [
    useRequestSizeLimits(config.maxBodyBytes),
    useCookieSessionCSRFPrevention(),
    useQueryLimits({ limits: config, developerTools: options.developerTools }),
  ];
  if (config.userRateLimit > 0) {
    const limiter = createUserRateLimiter({
      limit: config.userRateLimit,
      windowMs: config.userRateWindowMs,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    plugins.push(
      useUserRateLimit(
        options.buckets
          ? createSharedRateLimiter({
              buckets: options.buckets,
              limit: config.userRateLimit,
              windowMs: config.userRateWindowMs,
              fallback: limiter,
              ...(options.clock ? { clock: options.clock } : {}),
            })
          : limiter,
        options.onRateLimited,
      ),
    );
  }
  return {
    // Without configured origins, Bearer tokens work from any origin and cookies are never sent
    // cross-origin. With them, those origins (only) may send the `__session` cookie too. `credentials`
    // must be given either way: left out, Yoga allows credentials for whatever origin asks.
    cors: {
      origin: config.corsOrigins ? [...config.corsOrigins] : '*',
      credentials: config.corsOrigins !== null,
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type', CSRF_HEADER],
    },
    maxRequestBodySize: false,
    plugins,
  };
}
