import * as catalogue from './catalogue.js';
import type { Provider } from './provider-declaration.js';

/** The default providers (`catalogue.ts`), in alphabetical order of id. */
export const PROVIDERS: readonly Provider[] = Object.values(catalogue).sort((a, b) =>
  a.id.localeCompare(b.id),
);
