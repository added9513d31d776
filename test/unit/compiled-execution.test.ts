/**
 * What the compiled-execution plugin does with a document graphql-jit cannot compile: it leaves the
 * operation to the default executor and says so once, at warn. (That the answers of compiled documents
 * are the same as the default executor's is test/gateway/compiled-execution.test.ts.)
 */
import { buildSchema, type ExecutionArgs, type GraphQLSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { useCompiledExecution } from '../../src/compiled-execution.js';
import { createLogger } from '../../src/logger.js';

const schema = buildSchema('type Query { hello: String }');

function plugin(mode: 'repeated' | 'always') {
  const lines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
  const compiled = useCompiledExecution(mode, logger);
  if (!compiled?.onExecute) throw new Error('no plugin');
  const onExecute = compiled.onExecute;
  /** Runs the plugin's hook for one execution; the executor it chose, if any. */
  const run = (args: Partial<ExecutionArgs>) => {
    let chosen: unknown;
    onExecute({
      args: args as ExecutionArgs,
      executeFn: () => ({ data: null }),
      setExecuteFn: (fn: unknown) => {
        chosen = fn;
      },
    } as never);
    return chosen;
  };
  return { run, lines };
}

describe('compiled execution', () => {
  it('compiles a document on its second run, and runs the compiled function after', async () => {
    const { run, lines } = plugin('repeated');
    const document = parse('{ hello }');
    expect(run({ schema, document })).toBeUndefined();
    const executor = run({ schema, document });
    expect(typeof executor).toBe('function');
    const result = await (executor as (args: ExecutionArgs) => unknown)({
      schema,
      document,
      rootValue: { hello: 'world' },
    });
    expect(result).toEqual({ data: { hello: 'world' } });
    expect(lines.filter((line) => line.includes('compiled a document'))).toHaveLength(1);
  });

  it('leaves a document it cannot compile to the default executor, and says so once', () => {
    const { run, lines } = plugin('always');
    const document = parse('query Broken { hello }');
    const notASchema = {} as GraphQLSchema;
    expect(run({ schema: notASchema, document })).toBeUndefined();
    expect(run({ schema: notASchema, document })).toBeUndefined();
    const warnings = lines.filter((line) => line.includes('could not compile a document'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] ?? '{}')).toMatchObject({ level: 40, operation: 'Broken' });
  });

  it('never compiles a document of several operations', () => {
    const { run, lines } = plugin('always');
    const document = parse('query A { hello } query B { hello }');
    expect(run({ schema, document, operationName: 'A' })).toBeUndefined();
    expect(lines).toEqual([]);
  });
});
