/**
 * Places in a provider's JSON answers, as declarations name them: a dotted path
 * (`response_metadata.next_cursor`), or its segments when a key holds a dot (`['@odata.nextLink']`,
 * `['error', '.tag']`). One reader for refusal rules, rate-limit body fields and pagination.
 */
export type JsonPath = string | readonly string[];

function segmentsOf(path: JsonPath): readonly string[] {
  return typeof path === 'string' ? path.split('.') : path;
}

/** The value at `path`, or `undefined` where the answer has none. */
export function valueAt(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const key of segmentsOf(path)) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Every value at `path`, where a `*` segment steps into each element of an array. */
export function valuesAt(value: unknown, path: JsonPath): unknown[] {
  const [key, ...rest] = segmentsOf(path);
  if (key === undefined) return [value];
  if (key === '*') return Array.isArray(value) ? value.flatMap((item) => valuesAt(item, rest)) : [];
  if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return [];
  return valuesAt((value as Record<string, unknown>)[key], rest);
}
