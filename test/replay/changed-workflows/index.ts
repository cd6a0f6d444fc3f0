/**
 * Tandem's workflows as a careless edit would deploy them: every real one, except dailyDigest, which a later export
 * replaces (an explicit export wins over `export *`). Bundled only by test/replay/divergence.spec.ts.
 */
export * from '../../../workflows/index.js';
export { dailyDigest } from './digest.workflow.js';
