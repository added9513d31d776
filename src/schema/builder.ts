/**
 * The Pothos schema builder, one per schema built (`buildSchema`). It defines no types but the root
 * query and the `DateTime` scalar: each domain registers its own. Fields, edges and nodes are non-null
 * unless marked nullable, so generated client types need null checks only where a value can really be
 * missing (or a provider can fail).
 */
import SchemaBuilder, { type ObjectRef } from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import { Kind, valueFromASTUntyped } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { ExternalAccountRecord } from '../tokens/clerk-api.js';

export interface GatewaySchemaTypes {
  Context: GatewayContext;
  Scalars: { DateTime: { Input: string; Output: string } };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}

export function createBuilder() {
  const builder = new SchemaBuilder<GatewaySchemaTypes>({
    plugins: [RelayPlugin],
    defaultFieldNullability: false,
    relay: {
      // Connected accounts keep Clerk's ids (README, "The graph"), so there are no global Relay node ids to
      // look up.
      nodeQueryOptions: false,
      nodesQueryOptions: false,
      cursorType: 'String',
      edgesFieldOptions: { nullable: false, description: 'The items of this page, in order.' },
      nodeFieldOptions: { nullable: false, description: 'The item.' },
      pageInfoFieldOptions: { description: 'How to get the next page.' },
      pageInfoTypeOptions: {
        description: 'Where a page of a connection sits in the whole list.',
      },
      hasNextPageFieldOptions: {
        description: 'Whether more items follow: ask again with `after: endCursor`.',
      },
      hasPreviousPageFieldOptions: {
        description: 'Whether items come before this page (true after the first page).',
      },
      startCursorFieldOptions: { description: 'The cursor of the first edge of this page.' },
      endCursorFieldOptions: {
        description:
          'Pass as `after` to get the next page. Opaque: valid only for the same field, account and arguments.',
      },
      cursorFieldOptions: {
        description: 'Opaque cursor of this edge: pass it as `after` to continue after it.',
      },
      defaultConnectionTypeOptions: { description: 'A page of a list, in the Relay connection shape.' },
      defaultEdgeTypeOptions: { description: 'An item of a list and its cursor.' },
    },
  });

  builder.queryType({ description: 'The root of every query.' });

  builder.scalarType('DateTime', {
    description:
      'A point in time as an ISO-8601 string, as the provider reported it (e.g. `2011-01-26T19:06:43Z`).',
    serialize: (value) => value,
    parseValue: parseDateTime,
    // Without the variables argument of graphql-js's default: graphql-jit parses literals once, at compile
    // time, and warns about a scalar that asks for variables (`compiled-execution.ts`).
    parseLiteral: (node) => parseDateTime(node.kind === Kind.STRING ? node.value : valueFromASTUntyped(node)),
  });
  return builder;
}

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
    throw new TypeError('DateTime must be an ISO-8601 string');
  return value;
}

export type GatewayBuilder = ReturnType<typeof createBuilder>;

export type BuilderTypes =
  GatewayBuilder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;

/** The `ConnectedAccount` type, which providers add their fields to (`provider-kit.ts`). */
export type ConnectedAccountRef = ObjectRef<BuilderTypes, ExternalAccountRecord>;
