/**
 * `npm start`: the production server, run by plain `node` on the compiled `dist/server.js`. The only
 * module that reads the environment; everything else receives the parsed configuration.
 */

// Production mode unless the operator says otherwise: graphql-js and Yoga read NODE_ENV as they load
// (graphql-js drops its development-only checks), so it is set before they are imported. In code, not
// as an `NODE_ENV=production` prefix in package.json, which only POSIX shells understand.
process.env.NODE_ENV ??= 'production';

const { startServer } = await import('./start-server.js');
await startServer(process.env);
