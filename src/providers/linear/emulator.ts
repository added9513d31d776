/**
 * Linear's GraphQL endpoint as the gateway uses it (docs/providers.md#linear): `POST /graphql` answering
 * the `viewer` query and the viewer's `assignedIssues` (Relay pages of at most 250), with Linear's
 * `errors[].extensions` envelope for a bad request, a token without the `read` scope, an invalid token
 * (401 `AUTHENTICATION_ERROR`) and a limit (`RATELIMITED` with its `X-RateLimit-Requests-*` headers).
 *
 * The query is parsed for real and answered with exactly the fields it selects (aliases, arguments,
 * variables and `__typename` included), from a schema cut down to `Query.viewer`, `User`,
 * `Organization`, `User.assignedIssues`, `IssueConnection`, `Issue`, `WorkflowState` and `Team`.
 */
import { createHash } from 'node:crypto';
import {
  type FieldNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import { generateIssues, type LinearIssueJson } from './fixtures.js';

export interface LinearEmulator extends ProviderEmulatorApi {
  /**
   * The issues assigned to the account's user. A count generates deterministic issues (every workflow
   * state type, priorities, due dates). Without it, every account has {@link DEFAULT_ISSUE_COUNT}.
   */
  setAssignedIssues(accountId: string, issues: LinearIssueJson[] | { count: number }): void;
  /** The account's assigned issues in `orderBy: updatedAt` order (most recently updated first). */
  assignedIssues(accountId: string): LinearIssueJson[];
  /** The last GraphQL requests the account's token made, in order (the call log does not keep bodies). */
  requests(accountId: string): GraphQLRequestBody[];
}

/** More than one page at Linear's largest, 250: an assignee of two years' standing. */
export const DEFAULT_ISSUE_COUNT = 283;
/** `first` defaults to 50 and may not exceed 250 (docs/providers.md#linear, "Pagination"). */
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 250;
/** How many of an account's requests `requests` keeps. */
const KEPT_REQUESTS = 50;
/** What a token needs to read anything (Linear's `read` scope). */
const READ_SCOPE = 'read';

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

/** A field that takes arguments: the ones it knows, and its value for them. */
class FieldWithArguments {
  constructor(
    readonly names: readonly string[],
    readonly resolve: (args: Record<string, unknown>) => unknown,
  ) {}
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

/**
 * Linear's answer to a token without the scope a query needs: the message is the one Linear's users
 * report (`Invalid scope: \`read\` required`); its HTTP 400 and extensions are as third-party clients
 * record them, unverified against Linear's docs (docs/providers.md#linear, "Errors").
 */
function invalidScope(scope: string): EmulatorReply {
  return linearErrors(400, `Invalid scope: \`${scope}\` required`, {
    type: 'forbidden',
    code: 'FORBIDDEN',
    statusCode: 403,
    userError: true,
  });
}

export function createLinearEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<LinearEmulator> {
  const issuesByAccount = new Map<string, LinearIssueJson[]>();
  const requestsByAccount = new Map<string, GraphQLRequestBody[]>();

  function requireLinearAccount(accountId: string): StoredAccount {
    const account = deps.identities.getAccount(accountId);
    if (account?.provider !== 'linear') throw new Error(`Emulator: no Linear account ${accountId}`);
    return account;
  }

  function issuesOf(account: StoredAccount): LinearIssueJson[] {
    let issues = issuesByAccount.get(account.id);
    if (!issues) {
      issues = byUpdatedAt(
        generateIssues({
          count: DEFAULT_ISSUE_COUNT,
          seed: account.id,
          urlKey: WORKSPACE.urlKey,
          handle: handleOf(account),
        }),
      );
      issuesByAccount.set(account.id, issues);
    }
    return issues;
  }

  const emulator = createBearerApiEmulator(
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
          // The last few only: the sandbox runs for days.
          requestsByAccount.set(
            account.id,
            [...(requestsByAccount.get(account.id) ?? []), body].slice(-KEPT_REQUESTS),
          );
          try {
            const operation = operationOf(body.query, body.operationName);
            // Every query reads, so every one needs `read`, which Linear grants to every OAuth token.
            if (!account.scopes.includes(READ_SCOPE)) return invalidScope(READ_SCOPE);
            const variables = { ...defaultsOf(operation), ...body.variables };
            const root = queryRootOf(account, () => issuesOf(account));
            return jsonReply(200, { data: select(operation.selectionSet, root, variables) });
          } catch (error) {
            if (error instanceof InvalidQuery || error instanceof GraphQLError)
              return invalidInput(error.message);
            throw error;
          }
        }),
    },
    deps,
  );

  return {
    service: emulator.service,
    api: {
      ...emulator.api,
      setAssignedIssues(accountId, issues) {
        const account = requireLinearAccount(accountId);
        issuesByAccount.set(
          accountId,
          byUpdatedAt(
            Array.isArray(issues)
              ? issues
              : generateIssues({
                  count: issues.count,
                  seed: account.id,
                  urlKey: WORKSPACE.urlKey,
                  handle: handleOf(account),
                }),
          ),
        );
      },
      assignedIssues(accountId) {
        return [...issuesOf(requireLinearAccount(accountId))];
      },
      requests(accountId) {
        requireLinearAccount(accountId);
        return [...(requestsByAccount.get(accountId) ?? [])];
      },
    },
  };
}

/** Most recently updated first, as `orderBy: updatedAt` pages them. */
function byUpdatedAt(issues: readonly LinearIssueJson[]): LinearIssueJson[] {
  return [...issues].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
}

function handleOf(account: StoredAccount): string {
  return account.username ?? `user${account.providerUserId}`;
}

export interface GraphQLRequestBody {
  query: string;
  operationName?: string;
  variables: Record<string, unknown>;
}

/** The GraphQL request in a JSON body, or why there is none. */
function requestBodyOf(request: EmulatorRequest): GraphQLRequestBody | string {
  if (!request.header('content-type')?.toLowerCase().startsWith('application/json')) {
    return 'POST body missing, invalid Content-Type, or JSON object has no keys.';
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return 'POST body is not valid JSON.';
  }
  const { query, operationName, variables } = (body ?? {}) as {
    query?: unknown;
    operationName?: unknown;
    variables?: unknown;
  };
  if (typeof query !== 'string' || query.trim() === '') return 'Must provide query string.';
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== 'object' || Array.isArray(variables))
  ) {
    return 'Variables must be provided as an Object where each property is a variable value.';
  }
  const given = (variables ?? {}) as Record<string, unknown>;
  return typeof operationName === 'string'
    ? { query, operationName, variables: given }
    : { query, variables: given };
}

/** The default values the operation declares for its variables. */
function defaultsOf(operation: OperationDefinitionNode): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) {
      defaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
    }
  }
  return defaults;
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
function select(
  selectionSet: SelectionSetNode,
  source: GraphObject,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) throw new InvalidQuery('The emulator does not support fragments.');
    const field = selection.name.value;
    if (!Object.hasOwn(source, field)) {
      throw new InvalidQuery(`Cannot query field "${field}" on type "${source.__typename}".`);
    }
    const value = valueOfField(source, selection, variables);
    result[selection.alias?.value ?? field] = answerOf(field, value, selection, variables);
  }
  return result;
}

/** A field's value, given its arguments when it takes any. */
function valueOfField(
  source: GraphObject,
  selection: FieldNode,
  variables: Record<string, unknown>,
): unknown {
  const field = selection.name.value;
  const value = source[field];
  const args: Record<string, unknown> = {};
  for (const argument of selection.arguments ?? []) {
    const name = argument.name.value;
    if (!(value instanceof FieldWithArguments) || !value.names.includes(name)) {
      throw new InvalidQuery(`Unknown argument "${name}" on field "${source.__typename}.${field}".`);
    }
    const given = valueFromASTUntyped(argument.value, variables);
    if (given !== undefined && given !== null) args[name] = given;
  }
  return value instanceof FieldWithArguments ? value.resolve(args) : value;
}

/** A value as the selection answers it: scalars as they are, objects and lists of them by their selection. */
function answerOf(
  field: string,
  value: unknown,
  selection: FieldNode,
  variables: Record<string, unknown>,
): unknown {
  if (Array.isArray(value)) return value.map((item) => answerOf(field, item, selection, variables));
  const isObject = typeof value === 'object' && value !== null;
  if (isObject && !selection.selectionSet) {
    throw new InvalidQuery(
      `Field "${field}" of type "${(value as GraphObject).__typename}" must have a selection of subfields.`,
    );
  }
  if (!isObject && value !== null && selection.selectionSet) {
    throw new InvalidQuery(`Field "${field}" must not have a selection since its type has no subfields.`);
  }
  return isObject && selection.selectionSet
    ? select(selection.selectionSet, value as GraphObject, variables)
    : value;
}

/**
 * `User.assignedIssues`: a Relay page of the issues in `orderBy` order, most recent first (`createdAt`
 * by default, as Linear's schema says). Cursors are issue ids, as in Linear's example answer.
 */
function assignedIssuesField(issues: () => readonly LinearIssueJson[]): FieldWithArguments {
  return new FieldWithArguments(['first', 'after', 'orderBy', 'includeArchived'], (args) => {
    const first = args.first ?? DEFAULT_PAGE_SIZE;
    if (typeof first !== 'number' || !Number.isInteger(first)) {
      throw new InvalidQuery(`Int cannot represent non-integer value: ${JSON.stringify(first)}`);
    }
    if (first > MAX_PAGE_SIZE) throw new InvalidQuery(`first must not be greater than ${MAX_PAGE_SIZE}`);
    if (first < 0) throw new InvalidQuery('first must not be less than 0');
    const orderBy = args.orderBy ?? 'createdAt';
    if (orderBy !== 'createdAt' && orderBy !== 'updatedAt') {
      throw new InvalidQuery(`Value "${String(orderBy)}" does not exist in "PaginationOrderBy" enum.`);
    }
    const ordered =
      orderBy === 'updatedAt'
        ? [...issues()]
        : [...issues()].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    const after = args.after;
    const offset = after === undefined ? 0 : ordered.findIndex((issue) => issue.id === after) + 1;
    if (offset === 0 && after !== undefined) throw new InvalidQuery(`Invalid cursor: ${String(after)}`);
    const page = ordered.slice(offset, offset + first);
    const nodes = page.map(issueObject);
    return {
      __typename: 'IssueConnection',
      nodes,
      edges: nodes.map((node) => ({ __typename: 'IssueEdge', cursor: node.id, node })),
      pageInfo: {
        __typename: 'PageInfo',
        hasNextPage: offset + page.length < ordered.length,
        hasPreviousPage: offset > 0,
        startCursor: page[0]?.id ?? null,
        endCursor: page.at(-1)?.id ?? null,
      },
    };
  });
}

function issueObject(issue: LinearIssueJson): GraphObject {
  return {
    __typename: 'Issue',
    ...issue,
    state: { __typename: 'WorkflowState', ...issue.state },
    team: { __typename: 'Team', ...issue.team },
  };
}

/**
 * `Query.viewer`: the account's user, in the shape of the example of docs/providers.md#linear
 * ("Profile").
 */
function queryRootOf(account: StoredAccount, issues: () => readonly LinearIssueJson[]): GraphObject {
  const displayName = handleOf(account);
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
      assignedIssues: assignedIssuesField(issues),
    },
  };
}

function uuidFromSeed(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createLinearEmulator;
