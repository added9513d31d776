/**
 * Linear's GraphQL endpoint as the gateway uses it (docs/providers.md#linear): `POST /graphql` answering
 * the `viewer` query, with Linear's `errors[].extensions` envelope for a bad request, an invalid token
 * (401 `AUTHENTICATION_ERROR`) and a limit (`RATELIMITED` with its `X-RateLimit-Requests-*` headers).
 *
 * The query is parsed for real and answered with exactly the fields it selects (aliases and
 * `__typename` included), from a schema cut down to `Query.viewer`, `User` and `Organization`.
 */
import { createHash } from 'node:crypto';
import { GraphQLError, Kind, type OperationDefinitionNode, parse, type SelectionSetNode } from 'graphql';
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';

/**
 * An hour's requests for one user of an OAuth app: the emulator's own number, since Linear publishes none
 * ("exact numbers change", docs/providers.md#linear, "Rate limits").
 */
const REQUESTS_PER_HOUR = 1500;
/** The emulated workspace every account belongs to. */
const WORKSPACE = { name: 'Acme', urlKey: 'acme' };

/** A GraphQL object as the emulator resolves it: its fields, with `__typename`. */
interface GraphObject {
  readonly __typename: string;
  readonly [field: string]: unknown;
}

/**
 * A request the API refuses before running it: Linear's `invalid input` error
 * (docs/providers.md#linear, "Errors").
 */
class InvalidQuery extends Error {}

function linearErrors(status: number, message: string, extensions: Record<string, unknown>): EmulatorReply {
  return jsonReply(status, { errors: [{ message, extensions }] });
}

function invalidInput(message: string): EmulatorReply {
  return linearErrors(400, message, { type: 'invalid input', code: 'INPUT_ERROR', userError: true });
}

export function createLinearEmulator(deps: ProviderEmulatorDeps): ProviderEmulator {
  return createBearerApiEmulator(
    {
      id: 'linear',
      precheck: (request) => {
        const body = requestBodyOf(request);
        return typeof body === 'string' ? invalidInput(body) : undefined;
      },
      unauthorized: () =>
        linearErrors(401, 'Authentication required, not authenticated', {
          type: 'authentication error',
          code: 'AUTHENTICATION_ERROR',
          statusCode: 401,
          userError: true,
          userPresentableMessage: 'You need to authenticate to access this operation.',
        }),
      // Linear has answered limits as 400 as well as 429 (docs/providers.md#linear, "Rate limits"): the
      // emulator uses 400, the case only the body tells apart. The reset is in epoch milliseconds, the
      // emulator's choice: the unit is unverified.
      rateLimited: (_request, retryAfterSeconds) => ({
        ...linearErrors(400, 'Rate limit exceeded', {
          code: 'RATELIMITED',
          type: 'ratelimited',
          userError: true,
        }),
        headers: {
          'x-ratelimit-requests-limit': String(REQUESTS_PER_HOUR),
          'x-ratelimit-requests-remaining': '0',
          'x-ratelimit-requests-reset': String(Date.now() + retryAfterSeconds * 1000),
        },
      }),
      notFound: () => ({ status: 404, text: 'Not Found' }),
      routes: (router) =>
        router.post('/graphql', 'linear.graphql', (request, account) => {
          const body = requestBodyOf(request);
          if (typeof body === 'string') return invalidInput(body);
          try {
            const operation = operationOf(body.query, body.operationName);
            return jsonReply(200, { data: select(operation.selectionSet, queryRootOf(account)) });
          } catch (error) {
            if (error instanceof InvalidQuery || error instanceof GraphQLError)
              return invalidInput(error.message);
            throw error;
          }
        }),
    },
    deps,
  );
}

/** The GraphQL request in a JSON body, or why there is none. */
function requestBodyOf(request: EmulatorRequest): { query: string; operationName?: string } | string {
  if (!request.header('content-type')?.toLowerCase().startsWith('application/json')) {
    return 'POST body missing, invalid Content-Type, or JSON object has no keys.';
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return 'POST body is not valid JSON.';
  }
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string' || query.trim() === '') return 'Must provide query string.';
  return typeof operationName === 'string' ? { query, operationName } : { query };
}

function operationOf(query: string, operationName: string | undefined): OperationDefinitionNode {
  const operations = parse(query).definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const operation =
    operationName === undefined
      ? operations.length === 1
        ? operations[0]
        : undefined
      : operations.find((candidate) => candidate.name?.value === operationName);
  if (!operation) {
    throw new InvalidQuery(
      operationName === undefined
        ? 'Must provide operation name if query contains multiple operations.'
        : `Unknown operation named "${operationName}".`,
    );
  }
  if (operation.operation !== 'query') {
    throw new InvalidQuery(`The emulator answers queries only, not a ${operation.operation}.`);
  }
  return operation;
}

/** The selected fields of `source`, as GraphQL answers them; a field the cut-down schema lacks is refused. */
function select(selectionSet: SelectionSetNode, source: GraphObject): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) throw new InvalidQuery('The emulator does not support fragments.');
    const field = selection.name.value;
    if (!Object.hasOwn(source, field)) {
      throw new InvalidQuery(`Cannot query field "${field}" on type "${source.__typename}".`);
    }
    const value = source[field];
    const isObject = typeof value === 'object' && value !== null;
    if (isObject && !selection.selectionSet) {
      throw new InvalidQuery(
        `Field "${field}" of type "${(value as GraphObject).__typename}" must have a selection of subfields.`,
      );
    }
    if (!isObject && selection.selectionSet) {
      throw new InvalidQuery(`Field "${field}" must not have a selection since its type has no subfields.`);
    }
    result[selection.alias?.value ?? field] =
      isObject && selection.selectionSet ? select(selection.selectionSet, value as GraphObject) : value;
  }
  return result;
}

/**
 * `Query.viewer`: the account's user, in the shape of the example of docs/providers.md#linear
 * ("Profile").
 */
function queryRootOf(account: StoredAccount): GraphObject {
  const displayName = account.username ?? `user${account.providerUserId}`;
  return {
    __typename: 'Query',
    viewer: {
      __typename: 'User',
      id: account.providerUserId,
      name: [account.firstName, account.lastName].filter(Boolean).join(' ') || displayName,
      displayName,
      email: account.email,
      avatarUrl: account.imageUrl,
      active: true,
      admin: false,
      createdAt: new Date(account.createdAt).toISOString(),
      url: `https://linear.app/${WORKSPACE.urlKey}/profiles/${displayName}`,
      organization: {
        __typename: 'Organization',
        id: uuidFromSeed(`organization:${account.id}`),
        ...WORKSPACE,
      },
    },
  };
}

function uuidFromSeed(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createLinearEmulator;
