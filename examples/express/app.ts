/**
 * An Express app with routes of its own and Provider Graph mounted at `/graphql`, as an app built on
 * Clerk's Express guide would add it. The gateway is a Node request handler: Express hands it the
 * request and response as they are, and it answers `/graphql` (Yoga reads the path from
 * `req.originalUrl`, so mounting it under `app.use('/graphql', …)` keeps the path it expects).
 */
import express, { type Express } from 'express';
import type { Gateway } from 'provider-graph';

export function createApp(gateway: Gateway): Express {
  const app = express();
  // The app's own JSON body parsing may run first: the gateway reads a body Express already parsed.
  app.use(express.json());

  // The app's own routes, untouched by the gateway.
  app.get('/', (_request, response) => {
    response.type('text/plain').send("My app: GraphQL over your users' connected accounts is at /graphql\n");
  });
  app.post('/api/echo', (request, response) => {
    response.json({ received: request.body });
  });

  // GraphQL (and GraphiQL when enabled) at /graphql; the gateway's liveness check stays the app's choice.
  app.use('/graphql', gateway.handle);
  return app;
}
