/**
 * The layering the layout promises (README, "Development"), read from the sources' own imports, type
 * imports included: the lower layers know nothing of GraphQL or of any provider folder, the schema
 * imports no provider folder, configuration parsing loads no provider module, nothing the production
 * server can reach imports the emulator or the sandbox, and no module imports itself back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );

/** Every module a file imports (`from '…'`, `import '…'`, `import('…')` with a literal), as written. */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [
    ...source.matchAll(/\bfrom\s+'([^']+)'/g),
    ...source.matchAll(/^\s*import\s+'([^']+)'/gm),
    ...source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
  ].map((match) => match[1] ?? '');
  return [...new Set(specifiers)];
}

/** A relative import as the `src/` path of its TypeScript source; `undefined` for a package. */
function sourceOf(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return relative(SRC, resolve(dirname(file), specifier)).replace(/\.js$/, '.ts');
}

/** Everything `entry` reaches through relative imports, itself included, as `src/` paths. */
function reachableFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const path = queue.pop() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const specifier of importsOf(join(SRC, path))) {
      const next = sourceOf(join(SRC, path), specifier);
      if (next !== undefined) queue.push(next);
    }
  }
  return seen;
}

const all = files(SRC).map((file) => relative(SRC, file));
/** A file of a provider's own folder (`providers/github/schema.ts`), not of the provider model. */
const inProviderFolder = (path: string) => /^providers\/[^/]+\//.test(path);
const isGraphQLPackage = (specifier: string) =>
  /^(graphql|graphql-yoga|@pothos\/|@graphql-yoga\/|@escape\.tech\/)/.test(specifier);

describe('the layering of src/', () => {
  for (const layer of ['http', 'tokens', 'auth', 'cache']) {
    it(`${layer}/ imports nothing of GraphQL, the schema or the providers`, () => {
      const offending = all
        .filter((path) => path.startsWith(`${layer}/`))
        .flatMap((path) =>
          importsOf(join(SRC, path))
            .filter((specifier) => {
              const target = sourceOf(join(SRC, path), specifier);
              return target === undefined
                ? isGraphQLPackage(specifier)
                : /^(schema|providers|security|emulator)\//.test(target) || target === 'app.ts';
            })
            .map((specifier) => `${path} → ${specifier}`),
        );
      expect(offending).toEqual([]);
    });
  }

  it('schema/ reaches no provider folder', () => {
    const reached = all
      .filter((path) => path.startsWith('schema/'))
      .flatMap((path) =>
        [...reachableFrom(path)].filter(inProviderFolder).map((target) => `${path} → ${target}`),
      );
    expect(reached).toEqual([]);
  });

  it('config.ts reaches no provider module', () => {
    expect([...reachableFrom('config.ts')].filter((path) => path.startsWith('providers/'))).toEqual([]);
  });

  it('the provider model reaches no provider folder but through the catalogue', () => {
    const model = all.filter(
      (path) => /^providers\/[^/]+\.ts$/.test(path) && !/(catalogue|index)\.ts$/.test(path),
    );
    const reached = model.flatMap((path) =>
      [...reachableFrom(path)].filter(inProviderFolder).map((target) => `${path} → ${target}`),
    );
    expect(reached).toEqual([]);
  });

  it('has no import cycle, type imports included', () => {
    const cycles: string[] = [];
    const done = new Set<string>();
    const visit = (path: string, trail: string[]) => {
      if (trail.includes(path)) {
        cycles.push([...trail.slice(trail.indexOf(path)), path].join(' → '));
        return;
      }
      if (done.has(path)) return;
      for (const specifier of importsOf(join(SRC, path))) {
        const next = sourceOf(join(SRC, path), specifier);
        if (next !== undefined) visit(next, [...trail, path]);
      }
      done.add(path);
    };
    for (const path of all) visit(path, []);
    expect(cycles).toEqual([]);
  });

  it('the production server reaches neither the emulator nor the sandbox', () => {
    const reached = [...reachableFrom('server.ts'), ...reachableFrom('index.ts')];
    expect(reached).toContain('app.ts');
    expect(
      // A provider's emulator-only modules: `emulator*.ts` and `*fixtures.ts` (tsconfig.build.json leaves them out).
      reached.filter((path) => /^emulator\/|\/emulator[^/]*\.ts$|fixtures\.ts$|^dev\.ts$/.test(path)),
    ).toEqual([]);
  });
});
