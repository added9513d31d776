/**
 * The schema: the builder plus every type file, imported for the types they register.
 */
import { builder } from './builder.js';
import './user.js';
import './connected-account.js';
import './profile.js';
import './providers.js';
import '../providers/github/schema.js';
import '../providers/notion/schema.js';

export const schema = builder.toSchema({ sortSchema: true });
