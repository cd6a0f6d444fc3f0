import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** The budget for the JavaScript a first visit loads (gzipped); pages and heavy parts load on demand. */
const initialJsBudgetKb = 450;

/**
 * Prints the gzipped size of the JavaScript the entry page loads before anything lazy (the entry chunk and its
 * static imports), and fails the build above the budget, so a heavy import shows at once rather than in the field.
 */
function initialJsBudget(): Plugin {
  return {
    name: 'tandem-initial-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])));
      const initial = new Set<string>();
      const visit = (name: string) => {
        const chunk = chunks.get(name);
        if (!chunk || initial.has(name)) return;
        initial.add(name);
        chunk.imports.forEach(visit);
      };
      for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
      const bytes = [...initial].reduce((sum, name) => sum + gzipSync(chunks.get(name)!.code).length, 0);
      const kb = bytes / 1024;
      console.log(`\n[console] initial JavaScript: ${kb.toFixed(1)} KB gzipped in ${initial.size} file(s) (budget ${initialJsBudgetKb} KB)`);
      if (kb > initialJsBudgetKb) this.error(`initial JavaScript is ${kb.toFixed(1)} KB gzipped, over the ${initialJsBudgetKb} KB budget`);
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  // The built files are served by the API process at `/` (apps/api, ServeStaticModule).
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [initialJsBudget()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2_000,
    rolldownOptions: {
      // antd marks its modules "use client" for React Server Components; a client-only bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // `vite` in apps/web for development: the JSON API of a running `npm run up`.
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
