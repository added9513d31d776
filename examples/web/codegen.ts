/**
 * Typed documents for the page (`examples/web/src/gql/`), from the repository's committed schema. The
 * client preset replaces each document with its SHA-256 (the page sends only the hash) and writes
 * `persisted-documents.json`, the hash → document map the gateway is given as its trusted documents.
 * Run from the repository's root: `npx graphql-codegen --config examples/web/codegen.ts`.
 */
import { fileURLToPath } from 'node:url';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { type DocumentNode, Kind } from 'graphql';

const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const config: CodegenConfig = {
  schema: fromHere('../../schema/schema.graphql'),
  documents: [fromHere('src/**/*.ts'), `!${fromHere('src/gql/**')}`],
  generates: {
    [fromHere('src/gql/')]: {
      preset: 'client',
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } },
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { mode: 'replaceDocumentWithHash', hashAlgorithm: 'sha256' },
        // The hash alone does not say which operation it is; the name goes along for the gateway's logs.
        onExecutableDocumentNode: (document: DocumentNode) => ({ operationName: operationNameOf(document) }),
      },
    },
  },
};

function operationNameOf(document: DocumentNode): string | undefined {
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return operation?.name?.value;
}

export default config;
