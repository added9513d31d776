/**
 * `npm run codegen`: prints the schema from the code (sorted, so diffs stay clean) to
 * `schema/schema.graphql`, and generates typed documents for the GraphQL operations in `test/`.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { PROVIDERS } from './src/providers/index.js';
import { buildSchema } from './src/schema/index.js';

const config: CodegenConfig = {
  schema: printSchema(lexicographicSortSchema(buildSchema(PROVIDERS))),
  documents: ['test/**/*.ts', '!test/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'schema/schema.graphql': { plugins: ['schema-ast'], config: { includeDirectives: false } },
    'test/gql/': {
      preset: 'client',
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string' },
        importExtension: '.js',
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
