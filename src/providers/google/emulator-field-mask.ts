/**
 * Google's `fields` system parameter, as the emulator answers it (docs/providers.md#google, "Drive
 * files"; https://developers.google.com/drive/api/guides/fields-parameter): a comma-separated list of
 * fields, `a/b` for a field inside another, `a(b,c)` for some fields of each element of a list or of an
 * object, `*` for every field. A name the resource does not have is a 400 "Invalid field selection …".
 */

/** Field name → what of it is kept: everything (`true`) or some of its fields. */
export type FieldMask = ReadonlyMap<string, FieldMask | true>;

/** The known fields of a resource, and of its nested resources (`files` → a file's fields). */
export interface MaskSchema {
  readonly fields: ReadonlySet<string>;
  readonly nested?: Readonly<Record<string, MaskSchema>>;
}

export class FieldMaskError extends Error {
  constructor(readonly field: string) {
    super(`Invalid field selection ${field}`);
  }
}

/** Parses `fields`; throws `FieldMaskError` naming the first field `schema` does not know. */
export function parseFieldMask(text: string, schema: MaskSchema): FieldMask {
  let at = 0;
  function list(within: MaskSchema | undefined, closing: boolean): Map<string, FieldMask | true> {
    const mask = new Map<string, FieldMask | true>();
    for (;;) {
      while (text[at] === ' ') at++;
      const start = at;
      while (at < text.length && !',()'.includes(text[at] ?? '')) at++;
      const path = text.slice(start, at).trim();
      if (path === '') throw new FieldMaskError(text.slice(start) || text);
      let sub: FieldMask | true = true;
      const names = path.split('/');
      // `a/b/c` is `a(b(c))`.
      let innerSchema = within;
      for (const name of names) {
        if (innerSchema && name !== '*' && !innerSchema.fields.has(name)) throw new FieldMaskError(name);
        innerSchema = innerSchema?.nested?.[name];
      }
      if (text[at] === '(') {
        at++;
        sub = list(innerSchema, true);
        if (text[at] !== ')') throw new FieldMaskError(path);
        at++;
      }
      for (let index = names.length - 1; index > 0; index--) sub = new Map([[names[index] ?? '', sub]]);
      mask.set(names[0] ?? '', merge(mask.get(names[0] ?? ''), sub));
      while (text[at] === ' ') at++;
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (closing ? text[at] === ')' : at >= text.length) return mask;
      throw new FieldMaskError(text.slice(at) || path);
    }
  }
  return list(schema, false);
}

function merge(existing: FieldMask | true | undefined, added: FieldMask | true): FieldMask | true {
  if (existing === undefined) return added;
  if (existing === true || added === true) return true;
  const merged = new Map(existing);
  for (const [key, value] of added) merged.set(key, merge(merged.get(key), value));
  return merged;
}

/** The value with only the fields of `mask`; lists keep each element's. */
export function applyFieldMask(value: unknown, mask: FieldMask | true): unknown {
  if (mask === true || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((element) => applyFieldMask(element, mask));
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const every = mask.get('*');
  for (const [key, field] of Object.entries(record)) {
    const kept = mask.get(key) ?? every;
    if (kept !== undefined) out[key] = applyFieldMask(field, kept);
  }
  return out;
}
