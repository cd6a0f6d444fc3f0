// The replay layer's global setup: the workflow bundle alone, no servers. Through tsx, as jest-global-setup.mjs says.
import { tsImport } from 'tsx/esm/api';

export default async function jestBundleSetup() {
  const { bundleOnlySetup } = await tsImport('./workflow-bundle.ts', import.meta.url);
  await bundleOnlySetup();
}
