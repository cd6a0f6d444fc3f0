// Jest loads global setup with Node's own resolver, which cannot map our `.js` imports to `.ts`; tsx can.
import { tsImport } from 'tsx/esm/api';

export default async function jestGlobalSetup() {
  const { default: globalSetup } = await tsImport('./global-setup.ts', import.meta.url);
  await globalSetup();
}
