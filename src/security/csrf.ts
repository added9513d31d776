/**
 * CSRF prevention for cookie sessions. A browser attaches Clerk's `__session` cookie on its own, also
 * to a request a foreign page makes; a "simple" request (a GET, or a POST of a form or plain text)
 * goes out without a CORS preflight, so the gateway would run it with the visitor's session. Yoga's
 * `useCSRFPrevention` refuses such a request unless it has a JSON (or other non-simple) content type or
 * the `x-graphql-yoga-csrf` header, either of which a browser only sends after a preflight the gateway
 * answers with its CORS policy.
 *
 * It applies when the cookie is what would authenticate the request: a `__session` cookie and no
 * `Authorization` header (the header wins, and a foreign page cannot set it without a preflight).
 * Bearer clients, GraphiQL (JSON POSTs) and requests without a session are not affected. The refusal
 * (HTTP 403) comes before the body is read.
 */
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { readSessionToken } from '../auth/session-token.js';

export const CSRF_HEADER = 'x-graphql-yoga-csrf';

export function useCookieSessionCSRFPrevention(): Plugin {
  const check = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }).onRequestParse;
  return {
    async onRequestParse(payload) {
      if (!check || !authenticatesByCookie(payload.request.headers)) return;
      try {
        await check(payload as Parameters<typeof check>[0]);
      } catch {
        throw new GraphQLError(
          `A request signed in with the \`__session\` cookie must be sent as JSON (\`Content-Type: application/json\`) or carry the \`${CSRF_HEADER}\` header.`,
          { extensions: { code: 'BAD_USER_INPUT', reason: 'CSRF_PREVENTION', http: { status: 403 } } },
        );
      }
    },
  };
}

function authenticatesByCookie(headers: Headers): boolean {
  return !headers.has('authorization') && readSessionToken(headers) !== null;
}
