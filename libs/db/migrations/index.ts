import { InitialSchema1795351134363 } from './1795351134363-InitialSchema.js';

/** Listed explicitly: ESM has no reliable glob loading, and the order must never depend on the file system. */
export const migrations = [InitialSchema1795351134363];
