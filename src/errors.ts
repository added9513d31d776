/**
 * The gateway's one error type and its closed list of codes (README, "Errors"). Every expected failure is a
 * `GatewayError`; the GraphQL layer turns it into an error with `extensions.code`, everything else is
 * masked. Messages are written by us, never copied from an upstream body, so no secret can ride along.
 */

export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'BAD_USER_INPUT',
  'REAUTH_REQUIRED',
  'MISSING_SCOPES',
  'RATE_LIMITED',
  'PROVIDER_TIMEOUT',
  'PROVIDER_ERROR',
  'CLERK_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** HTTP status of a response whose only error has this code; only authentication changes the status. */
export const HTTP_STATUS_BY_CODE: Readonly<Partial<Record<ErrorCode, number>>> = {
  UNAUTHENTICATED: 401,
};

/** Machine-readable details published in `extensions` next to `code`. */
export interface ErrorDetails {
  /** Lower-case provider id (`github`) for provider errors. */
  provider?: string;
  /** Clerk external account id (`eac_…`) for provider errors. */
  accountId?: string;
  /** Seconds after which a retry may succeed (`RATE_LIMITED`). */
  retryAfter?: number;
  /** `MISSING_SCOPES`: what to add, the least-privilege scope of each requirement of the field. */
  requiredScopes?: readonly string[];
  /** `MISSING_SCOPES`: every requirement of the field with each scope that meets it. */
  acceptedScopes?: readonly (readonly string[])[];
  grantedScopes?: readonly string[];
  /** A finer reason under `BAD_USER_INPUT` (`TOO_LARGE_TO_MERGE`). */
  reason?: string;
}

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
  }

  /** The same error, attributed to a provider account. */
  withDetails(details: ErrorDetails): GatewayError {
    return new GatewayError(this.code, this.message, { ...this.details, ...details }, { cause: this.cause });
  }
}

export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}

/**
 * The provider refused the access token (HTTP 401 or its own equivalent). The token broker answers it by
 * fetching a fresh token once; if that one is refused too, the client sees `REAUTH_REQUIRED`.
 */
export class TokenRejectedError extends GatewayError {
  constructor(provider: string, options?: { cause?: unknown }) {
    super(
      'REAUTH_REQUIRED',
      `${provider} rejected the account's access token: the user must connect the account again.`,
      { provider },
      options,
    );
  }
}
