/**
 * Runs repeated documents through graphql-jit (https://github.com/zalando-incubator/graphql-jit),
 * which compiles a document with the schema into one JavaScript function: no per-field lookups of
 * field definitions, argument definitions and resolvers at run time. It took about a fifth of the
 * gateway's CPU per warm query off in the benchmark (README, "CPU and overhead").
 *
 * Compiling costs more than running once, so a document is compiled on its second run: a client's
 * queries repeat, while a one-off document (someone typing in GraphiQL, a scanner trying documents)
 * runs on Yoga's executor as before. Compiled functions live as long as their parsed document, which
 * Yoga's parse cache holds (a bounded LRU), so a stream of new documents cannot grow them.
 *
 * graphql-jit compiles one operation per document; a document with several runs on Yoga's executor,
 * as does one it cannot compile. Answers and errors are the same either way: a test runs the same
 * requests through both (test/gateway/compiled-execution.test.ts).
 */
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type SourceLocation,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from './logger.js';

/** When documents are compiled: on their second run (the default), on every run, or never. */
export type DocumentCompilation = 'repeated' | 'always' | 'never';

/** A document seen once, or compiled, or found not compilable (`null`). */
type Entry = { runs: number } | { compiled: CompiledQuery | null };

export function useCompiledExecution(mode: DocumentCompilation, logger: Logger): Plugin | null {
  if (mode === 'never') return null;
  const compileAfter = mode === 'always' ? 1 : 2;
  const entries = new WeakMap<DocumentNode, Entry>();

  function compiledFor(args: ExecutionArgs): CompiledQuery | null {
    const { document, schema } = args;
    let entry = entries.get(document);
    if (entry === undefined) {
      entry = singleOperation(document) ? { runs: 0 } : { compiled: null };
      entries.set(document, entry);
    }
    if ('runs' in entry) {
      entry.runs += 1;
      if (entry.runs < compileAfter) return null;
      entry = { compiled: compile(schema, document) };
      entries.set(document, entry);
    }
    return entry.compiled;
  }

  function compile(schema: GraphQLSchema, document: DocumentNode): CompiledQuery | null {
    const operation = operationNameOf(document);
    let problems: readonly string[];
    try {
      const result = compileQuery(schema, document, undefined, { customJSONSerializer: false });
      if (isCompiledQuery(result)) {
        logger.debug({ operation }, 'compiled a document');
        return result;
      }
      problems = result.errors?.map((error) => error.message) ?? [];
    } catch (error) {
      problems = [error instanceof Error ? error.message : String(error)];
    }
    logger.warn({ operation, problems }, 'could not compile a document: it runs on the default executor');
    return null;
  }

  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      // A name the document lacks gets the default executor's error.
      const named = args.operationName;
      if (named != null && !hasOperation(args.document, named)) return;
      const compiled = compiledFor(args);
      if (!compiled) return;
      setExecuteFn((args) => {
        const result = compiled.query(args.rootValue, args.contextValue, args.variableValues);
        if (result instanceof Promise) return result.then((settled) => placeErrors(settled, args.document));
        // No data at all: variables it could not coerce. The default executor words those errors
        // differently (and places them, with HTTP 400): it answers them instead.
        return 'data' in result ? placeErrors(result, args.document) : executeFn(args);
      });
    },
  };
}

/**
 * graphql-jit's errors carry `locations` but no AST nodes, and Yoga rebuilds every error from its nodes
 * or its source positions when it writes the answer: without either the locations would be lost. This
 * gives them the document's source and the positions of their locations.
 */
function placeErrors(result: ExecutionResult, document: DocumentNode): ExecutionResult {
  if (!result.errors?.some(unplaced)) return result;
  const source = document.loc?.source;
  if (!source) return result;
  const lineStarts = lineStartsOf(source.body);
  const errors = result.errors.map((error) => {
    if (!unplaced(error)) return error;
    return new GraphQLError(error.message, {
      source,
      positions: error.locations.map(({ line, column }) => (lineStarts[line - 1] ?? 0) + column - 1),
      path: error.path ?? null,
      originalError: error.originalError,
      extensions: error.extensions,
    });
  });
  return { ...result, errors };
}

function unplaced(error: GraphQLError): error is GraphQLError & { locations: readonly SourceLocation[] } {
  return error.nodes === undefined && error.positions === undefined && error.locations !== undefined;
}

/** Where each line of a document begins (GraphQL's line terminators: `\n`, `\r\n`, `\r`). */
function lineStartsOf(body: string): number[] {
  const starts = [0];
  for (let index = 0; index < body.length; index += 1) {
    const code = body.charCodeAt(index);
    if (code === 13 && body.charCodeAt(index + 1) === 10) index += 1;
    if (code === 10 || code === 13) starts.push(index + 1);
  }
  return starts;
}

function singleOperation(document: DocumentNode): boolean {
  let operations = 0;
  for (const definition of document.definitions)
    if (definition.kind === Kind.OPERATION_DEFINITION) operations += 1;
  return operations === 1;
}

function operationNameOf(document: DocumentNode): string | null {
  for (const definition of document.definitions)
    if (definition.kind === Kind.OPERATION_DEFINITION) return definition.name?.value ?? null;
  return null;
}

function hasOperation(document: DocumentNode, name: string): boolean {
  return document.definitions.some(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === name,
  );
}
