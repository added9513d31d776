/**
 * Trusted documents (`GATEWAY_TRUSTED_DOCUMENTS`): a production gateway runs only the operations its
 * own frontends were built with. graphql-codegen's client preset (`persistedDocuments`) writes them
 * to `persisted-documents.json`, a hash → document map; the frontend sends only the hash, as
 * - `documentId` (GraphQL over HTTP, persisted documents: `sha256:<hex>`, or the bare hash), in a POST
 *   body or a GET query string, or
 * - `extensions.persistedQuery.sha256Hash` (Apollo's automatic persisted queries, APQ).
 *
 * Anything else is refused before the session is read, so it makes no Clerk or provider call: an
 * unknown hash is `BAD_USER_INPUT` with reason `PERSISTED_DOCUMENT_NOT_FOUND`, a full query
 * `PERSISTED_DOCUMENTS_ONLY`. The sandbox keeps running arbitrary documents too (GraphiQL).
 * Built on `@graphql-yoga/plugin-persisted-operations`; documents are validated like any other, so a
 * schema that moved on from the frontend's documents answers validation errors, never wrong data.
 */
import {
  defaultExtractPersistedOperationId,
  usePersistedOperations,
} from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const TRUSTED_DOCUMENT_REASONS = {
  notFound: 'PERSISTED_DOCUMENT_NOT_FOUND',
  only: 'PERSISTED_DOCUMENTS_ONLY',
} as const;

/** The request parameter besides Yoga's own that carries a document's hash. */
export const DOCUMENT_ID_PARAMETER = 'documentId';

export interface TrustedDocumentsOptions {
  /** Hash → document (`persisted-documents.json`). */
  readonly documents: Readonly<Record<string, string>>;
  /** Whether a full query still runs (the sandbox); otherwise only the documents do. */
  readonly allowArbitraryDocuments: boolean;
}

export function useTrustedDocuments(options: TrustedDocumentsOptions): Plugin {
  // Keyed by the bare hash: the file may name the algorithm (`sha256:…`), the request may or may not.
  const documents = new Map(
    Object.entries(options.documents).map(([id, document]) => [bareHash(id), document]),
  );
  const refusal = (reason: string, message: string) => () =>
    new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason } });
  const notFound = refusal(
    TRUSTED_DOCUMENT_REASONS.notFound,
    'This gateway runs trusted documents only, and knows no document with this id: build the client with the documents the gateway was started with.',
  );
  return usePersistedOperations({
    getPersistedOperation: (hash) => documents.get(hash) ?? null,
    extractPersistedOperationId: documentHashOf,
    allowArbitraryOperations: options.allowArbitraryDocuments,
    customErrors: {
      notFound,
      keyNotFound: notFound,
      persistedQueryOnly: refusal(
        TRUSTED_DOCUMENT_REASONS.only,
        "This gateway runs trusted documents only: send the document's id (`documentId`), not its text.",
      ),
    },
  });
}

/**
 * The hash a request names: its `documentId` (from a POST body, or a GET query string, which Yoga
 * does not read into the parameters) without the algorithm prefix, or its APQ hash.
 */
export const documentHashOf: typeof defaultExtractPersistedOperationId = (params, request, context) => {
  const documentId =
    (params as { documentId?: unknown }).documentId ??
    (request.method === 'GET' ? new URL(request.url).searchParams.get(DOCUMENT_ID_PARAMETER) : null);
  if (typeof documentId === 'string') return bareHash(documentId);
  return defaultExtractPersistedOperationId(params, request, context);
};

/** `sha256:<hex>` → `<hex>`; a bare hash stays as it is. */
function bareHash(id: string): string {
  return id.slice(id.indexOf(':') + 1);
}
