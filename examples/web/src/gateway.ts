/**
 * The page's GraphQL client: a GraphQL-over-HTTP POST per operation that names a trusted document by its
 * hash (`documentId`) instead of sending its text, with the session token as a Bearer header.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { SessionTokenSource } from './session';

const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000/graphql';

/** An error of a GraphQL response, with the extensions this gateway sets. */
export interface GatewayError {
  message: string;
  extensions?: { code?: string; reason?: string; provider?: string; accountId?: string };
}

/** A GraphQL response: `data` and `errors` may both be there (some fields failed, the rest did not). */
export interface GatewayResult<Data> {
  data?: Data | null;
  errors?: GatewayError[];
}

/** `?gateway=<url>` on the page's URL wins over `VITE_GATEWAY_URL`, for pointing one build elsewhere. */
export function gatewayUrlOf(location: Location): URL {
  const configured = import.meta.env.VITE_GATEWAY_URL as string | undefined;
  return new URL(new URLSearchParams(location.search).get('gateway') || configured || DEFAULT_GATEWAY_URL);
}

/** What codegen's client preset leaves of a document in `replaceDocumentWithHash` mode. */
interface PersistedDocument {
  __meta__?: { hash?: string; operationName?: string };
}

export function createGatewayClient(gatewayUrl: URL, sessionToken: SessionTokenSource) {
  return async function execute<Data, Variables>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
  ): Promise<GatewayResult<Data>> {
    const { hash, operationName } = (document as PersistedDocument).__meta__ ?? {};
    if (!hash) throw new Error('A document without a hash: run the codegen for examples/web again.');
    let token: string;
    try {
      token = await sessionToken();
    } catch (error) {
      return { errors: [{ message: messageOf(error) }] };
    }
    try {
      const response = await fetch(gatewayUrl, {
        method: 'POST',
        headers: {
          accept: 'application/graphql-response+json, application/json',
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ documentId: hash, operationName, variables }),
      });
      // Errors the gateway explains (401 without a session, 400 for an unknown document) are GraphQL
      // responses too; anything else (a proxy's error page) is not JSON.
      if (!response.headers.get('content-type')?.includes('json')) {
        return { errors: [{ message: `The gateway answered HTTP ${response.status}.` }] };
      }
      return (await response.json()) as GatewayResult<Data>;
    } catch (error) {
      return {
        errors: [{ message: `Could not reach the gateway at ${gatewayUrl.origin}: ${messageOf(error)}` }],
      };
    }
  };
}

export type GatewayClient = ReturnType<typeof createGatewayClient>;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
