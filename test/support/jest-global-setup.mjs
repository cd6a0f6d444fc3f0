// Jest imports global hooks with Node's own loader, which cannot run TypeScript or map our `.js` imports to
// `.ts` files (a .ts globalSetup fails with ERR_MODULE_NOT_FOUND for ../../libs/db/migrate.js); tsx can.
import { tsImport } from 'tsx/esm/api';

export default async function jestGlobalSetup() {
  const { default: globalSetup } = await tsImport('./global-setup.ts', import.meta.url);
  await globalSetup();
}
