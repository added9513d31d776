/**
 * What an operation cost upstream, for clients that ask (`extensions: { "upstream": true }` in the
 * request): per provider, the calls made, how many of them a 304 answered (conditional reads cost no
 * quota at GitHub), and the quota the provider says is left, from its `X-RateLimit-Remaining` (GitHub
 * and most others) or `RateLimit-Remaining` (GitLab) header. OneGraph reported the same and its users
 * liked knowing what a query spends.
 */
import type { UpstreamResponse } from './upstream-types.js';

export interface ProviderUsage {
  calls: number;
  notModified: number;
  /** The quota left as the provider's last answer said, or `null` when it says nothing. */
  remaining: number | null;
}

export interface UpstreamReport {
  /** One call to `provider`, and its answer when there was one. */
  record(provider: string, response: UpstreamResponse | undefined): void;
  readonly byProvider: Readonly<Record<string, ProviderUsage>>;
}

export function createUpstreamReport(): UpstreamReport {
  const byProvider: Record<string, ProviderUsage> = {};
  return {
    byProvider,
    record(provider, response) {
      const usage = byProvider[provider] ?? { calls: 0, notModified: 0, remaining: null };
      byProvider[provider] = usage;
      usage.calls += 1;
      if (!response) return;
      if (response.status === 304) usage.notModified += 1;
      const remaining = Number(
        response.headers.get('x-ratelimit-remaining') ??
          response.headers.get('ratelimit-remaining') ??
          Number.NaN,
      );
      if (Number.isFinite(remaining)) usage.remaining = remaining;
    },
  };
}
