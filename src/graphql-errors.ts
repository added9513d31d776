/**
 * How failures look to clients: a `GatewayError` becomes a GraphQL error with our message,
 * `extensions.code` and its details; anything unexpected is masked; and what reaches the wire carries
 * a code and nothing of the request echoed back.
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { GatewayError, HTTP_STATUS_BY_CODE } from './errors.js';
import type { UpstreamReport } from './http/upstream-report.js';

/** A `GatewayError` as the GraphQL error clients see, placed where `source` was raised. */
export function toGraphQLError(error: GatewayError, source?: GraphQLError): GraphQLError {
  const status = HTTP_STATUS_BY_CODE[error.code];
  return new GraphQLError(error.message, {
    ...(source
      ? { nodes: source.nodes ?? null, source: source.source, positions: source.positions, path: source.path }
      : {}),
    extensions: { code: error.code, ...error.details, ...(status ? { http: { status } } : {}) },
  });
}

/** Yoga's `maskError`: expected failures keep their code; anything else becomes "Unexpected error.". */
export function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof GatewayError) {
    return toGraphQLError(original, error instanceof GraphQLError ? error : undefined);
  }
  if (error instanceof GraphQLError && (original === undefined || original instanceof GraphQLError))
    return error;
  return new GraphQLError(message, {
    ...(error instanceof GraphQLError ? { nodes: error.nodes ?? null, path: error.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

/**
 * Adds the errors of fields that still answered (`GatewayContext.listErrors`: an account of a list
 * across accounts failed) to the operation's result, after the errors execution raised. Yoga's error
 * masking runs after every plugin given to it, so they are masked and logged like the others.
 */
export function useListErrors(): Plugin<{ listErrors?: GraphQLError[] }> {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          const added = args.contextValue.listErrors;
          if (!added?.length || !('data' in result)) return;
          setResult({ ...result, errors: [...(result.errors ?? []), ...added] });
        },
      };
    },
  };
}

/** Adds `extensions.upstream` (the operation's provider calls) to the result of a client that asked. */
export function useUpstreamReport(): Plugin<{ upstreamReport?: UpstreamReport }> {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          const report = args.contextValue.upstreamReport;
          if (!report || !('data' in result)) return;
          setResult({ ...result, extensions: { ...result.extensions, upstream: report.byProvider } });
        },
      };
    },
  };
}

/**
 * Yoga's and graphql-js's codes for a request that is wrong as sent; the gateway answers them all
 * `BAD_USER_INPUT`, with the finer code in `extensions.reason` (README, "Errors").
 */
const CLIENT_INPUT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  // A body over `maxRequestBodySize` (HTTP 413).
  'REQUEST_ENTITY_TOO_LARGE',
]);

/**
 * Last touches on every error before it is sent, so that each carries a code of the closed list:
 * - a malformed body, a query that does not parse or validate, a variable of the wrong type or a
 *   missing operation name are the client's input: `BAD_USER_INPUT`, with Yoga's finer code kept in
 *   `extensions.reason`;
 * - Yoga attaches the JSON parser's `originalError` to a malformed body, quoting the body back: dropped.
 */
export function useClientErrorHygiene(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      setResult({ ...result, errors: result.errors.map(cleanError) });
    },
  };
}

function cleanError(error: GraphQLError): GraphQLError {
  const { originalError: quotedRequest, ...extensions } = error.extensions ?? {};
  const given = typeof extensions.code === 'string' ? extensions.code : undefined;
  // A malformed HTTP request is a 400 whatever media type the client accepts (GraphQL over HTTP); Yoga
  // marks it as applying to `application/graphql-response+json` only.
  if (given === 'BAD_REQUEST' && extensions.http)
    extensions.http = { ...(extensions.http as object), spec: false };
  const clientInput = given ? CLIENT_INPUT_CODES.has(given) : !error.path;
  if (!clientInput && quotedRequest === undefined) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: clientInput
      ? { ...extensions, code: 'BAD_USER_INPUT', ...(given ? { reason: given } : {}) }
      : extensions,
  });
}
