// See jest-bundle-setup.mjs.
import { tsImport } from 'tsx/esm/api';

export default async function jestBundleTeardown() {
  const { bundleOnlyTeardown } = await tsImport('./workflow-bundle.ts', import.meta.url);
  bundleOnlyTeardown();
}
