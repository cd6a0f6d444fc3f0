/**
 * The layer graph (shared/style.md, "Dependency rules"), checked by dependency-cruiser inside `npm run lint`. It reads
 * every import the compiler sees, static, dynamic and type-only, so a rule holds however a module is reached.
 *
 * An allow-list: an import that no `allowed` rule below names fails. Packages count only when package.json declares
 * them (`npm` for what runs in production, `npm-dev` for tests and tooling); an undeclared one never matches.
 */

/** Runtime code: never a devDependency. */
const prod = ['npm'];
const anyPackage = ['npm', 'npm-dev'];
const builtin = { dependencyTypes: ['core'] };
const typeOnly = ['type-only'];

// The code the servers run, as opposed to tests, tooling and the dev stack they share.
const libs = '^libs/(?!dev-stack/)';

export default {
  allowed: [
    // libs/domain is pure: its own files only, no package, no Node built-in, so workflows and the console can load it.
    { from: { path: '^libs/domain/' }, to: { path: '^libs/domain/' } },

    // Workflows are replayed from history, so deterministic: @temporalio/workflow, pure rules and, as types for
    // proxyActivities, the activities. The bench's bare workflows are workflows too.
    { from: { path: '^workflows/' }, to: { path: ['^workflows/', '^libs/domain/', '^node_modules/@temporalio/workflow/'] } },
    { from: { path: '^workflows/' }, to: { path: '^activities/', dependencyTypes: typeOnly } },
    { from: { path: '^bench/workflows/' }, to: { path: ['^bench/workflows/', '^libs/domain/', '^node_modules/@temporalio/workflow/'] } },
    { from: { path: '^bench/workflows/' }, to: { path: '^bench/processes/', dependencyTypes: typeOnly } },

    // Activities: side effects with their dependencies passed in; no NestJS, no apps, no worker or workflow API.
    {
      from: { path: '^activities/' },
      to: { path: ['^activities/', '^libs/(domain|db|mail|calendar|config|hand-over)/', '^node_modules/(@temporalio/(activity|common)|typeorm)/'] },
    },
    { from: { path: '^activities/' }, to: builtin },
    // The one activity that reads Temporal (through the worker's client): a year's histories into the archive.
    { from: { path: '^activities/archive\\.activities\\.ts$' }, to: { path: '^libs/audit/(history-archive|archive-sweep)\\.ts$' } },
    { from: { path: '^activities/' }, to: { path: '^workflows/[^/]+\\.messages\\.ts$', dependencyTypes: typeOnly } },

    // The server-side libs: each other and declared runtime packages, never an app, a workflow, an activity or tooling.
    { from: { path: libs, pathNot: '^libs/domain/' }, to: { path: libs } },
    { from: { path: libs, pathNot: '^libs/domain/' }, to: { dependencyTypes: prod } },
    { from: { path: libs, pathNot: '^libs/domain/' }, to: builtin },

    // The API is a Temporal client: workflows by their message definitions (bodies as types, to start them by type),
    // libs, runtime packages bar the worker's. The one exception: it loads libs/audit/replay.ts (the replayer, which
    // brings @temporalio/worker and the bundler) through a dynamic import, on the first POST /audit/replay only, so
    // the API never loads the worker runtime for anything else.
    { from: { path: '^apps/api/' }, to: { path: ['^apps/api/', libs, '^workflows/[^/]+\\.messages\\.ts$'], pathNot: '^libs/audit/replay\\.ts$' } },
    { from: { path: '^apps/api/' }, to: { path: '^workflows/[^/]+\\.workflow\\.ts$', dependencyTypes: typeOnly } },
    { from: { path: '^apps/api/' }, to: { path: '^libs/audit/replay\\.ts$', dependencyTypes: typeOnly } },
    { from: { path: '^apps/api/audit/audit\\.service\\.ts$' }, to: { path: '^libs/audit/replay\\.ts$', dynamic: true } },
    { from: { path: '^apps/api/' }, to: { dependencyTypes: prod, pathNot: '^node_modules/@temporalio/worker/' } },
    { from: { path: '^apps/api/' }, to: builtin },

    // The worker: plain Node composing the activities and libs; workflows reach it as a bundle, never as an import.
    { from: { path: '^apps/worker/' }, to: { path: ['^apps/worker/', '^activities/', libs] } },
    { from: { path: '^apps/worker/' }, to: { dependencyTypes: prod } },
    { from: { path: '^apps/worker/' }, to: builtin },

    // The console runs in the browser: its own code (the generated client included), runtime packages and the pure
    // rules it shares with the server (Beijing time, labels), module by module. Its build config runs in Node.
    { from: { path: '^apps/web/src/' }, to: { path: ['^apps/web/src/', '^libs/domain/'] } },
    { from: { path: '^apps/web/src/' }, to: { dependencyTypes: prod } },
    { from: { path: '^apps/web/vite\\.config\\.ts$' }, to: { dependencyTypes: anyPackage } },
    { from: { path: '^apps/web/vite\\.config\\.ts$' }, to: builtin },

    // The local stack (Postgres, Temporal dev server, mail sink, supervisor) that `npm run up`, the tests and the bench
    // start: the server libs and any declared package. No server code imports it.
    { from: { path: '^libs/dev-stack/' }, to: { path: '^libs/' } },
    { from: { path: '^libs/dev-stack/' }, to: { dependencyTypes: anyPackage } },
    { from: { path: '^libs/dev-stack/' }, to: builtin },

    // Tooling: the scripts behind npm commands compose the apps, the bench, the libs and the test setup.
    { from: { path: '^scripts/' }, to: { path: ['^scripts/', '^bench/', '^libs/', '^apps/api/', '^test/support/', '^jest\\.config\\.js$'] } },
    // The bench drives what it measures (the API's services, the worker) and the console's pages on the browser tests' stack.
    {
      from: { path: '^bench/', pathNot: '^bench/workflows/' },
      to: { path: ['^bench/', '^libs/', '^apps/api/', '^apps/worker/', '^activities/', '^workflows/', '^test/support/', '^test/browser/support/'] },
    },
    // Tests drive every layer (the console's error messages included) through its public modules.
    { from: { path: '^test/' }, to: { path: ['^test/', '^apps/', '^libs/', '^workflows/', '^activities/', '^scripts/', '^bench/'] } },
    { from: { path: '^(scripts|bench|test)/', pathNot: '^bench/workflows/' }, to: { dependencyTypes: anyPackage } },
    { from: { path: '^(scripts|bench|test)/', pathNot: '^bench/workflows/' }, to: builtin },
  ],
  allowedSeverity: 'error',

  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle of runtime imports makes load order decide what is undefined; type-only cycles are erased.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: typeOnly } },
    },
    {
      name: 'api-never-reaches-worker-code',
      comment: 'The API talks to workflows through Temporal: no activity and no workflow body, however indirectly.',
      severity: 'error',
      from: { path: '^apps/api/' },
      to: { path: ['^activities/', '^workflows/(?![^/]+\\.messages\\.ts$)'], reachable: true },
    },
    {
      name: 'server-libs-never-reach-the-worker-runtime',
      comment:
        'Only the replayer (libs/audit/replay.ts, imported dynamically by the API) loads @temporalio/worker; any other lib ' +
        'the API imports statically must not, or the API would load the worker runtime at start.',
      severity: 'error',
      from: { path: libs, pathNot: '^libs/audit/replay\\.ts$' },
      to: { path: '^node_modules/@temporalio/worker/', reachable: true },
    },
    {
      name: 'features-stay-apart',
      comment: 'A console feature imports the shared parts (api, shared, auth), never another feature; app/ composes them.',
      severity: 'error',
      from: { path: '^apps/web/src/features/([^/]+)/' },
      to: { path: '^apps/web/src/features/', pathNot: '^apps/web/src/features/$1/' },
    },
    {
      name: 'resolvable',
      comment: 'An import that resolves to nothing is a typo or a missing package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],

  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|apps/web/dist|coverage|\\.data|test/replay/histories)/' },
    // Type-only imports are edges too: a workflow must not even name the worker's types.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
