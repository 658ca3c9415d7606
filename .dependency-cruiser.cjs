/**
 * The layer rules of ../DESIGN.md (docs/design.md), checked by `npm run lint`.
 * Arrows point down only: faces -> app -> (codebase | judgment | store | formats) -> domain.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-nothing-of-ours',
      comment:
        'domain/ holds the nouns and their invariants; everything depends on it, so it depends on nothing.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(codebase|judgment|store|formats|app|cli|server)/' },
    },
    {
      name: 'judgment-is-pure',
      comment:
        'judgment/ is pure and deterministic (no I/O, no clock): it may not reach git, the database, files or the faces.',
      severity: 'error',
      from: { path: '^src/judgment/' },
      to: { path: '^src/(codebase|store|formats|app|cli|server)/' },
    },
    {
      name: 'judgment-does-no-io',
      comment:
        'judgment/ takes time and data as parameters; Node I/O modules would make its results depend on the machine.',
      severity: 'error',
      from: { path: '^src/judgment/', pathNot: '\\.test\\.ts$' },
      to: {
        dependencyTypes: ['core'],
        path: '^(fs|fs/promises|child_process|net|http|https|os|worker_threads)$',
      },
    },
    {
      name: 'codebase-knows-no-store',
      comment:
        "codebase/ reads git into a code model; how it is kept is the store's business (and it knows nothing of items).",
      severity: 'error',
      from: { path: '^src/codebase/' },
      to: { path: '^src/(judgment|store|formats|app|cli|server)/' },
    },
    {
      name: 'store-below-app',
      comment: 'store/ persists domain values; it must not call use cases, the faces, git or the judgment.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(codebase|judgment|formats|app|cli|server)/' },
    },
    {
      name: 'formats-below-app',
      comment: 'formats/ turns files into domain values and back; persistence and use cases live above it.',
      severity: 'error',
      from: { path: '^src/formats/' },
      to: { path: '^src/(codebase|store|app|cli|server)/' },
    },
    {
      name: 'app-below-faces',
      comment: 'app/ is the only layer the faces call; it must not depend on a face.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(cli|server)/' },
    },
    {
      name: 'faces-go-through-app',
      comment:
        'cli/ and server/ stay thin: parse input, call app/, render output. They may use domain types, nothing below app.',
      severity: 'error',
      from: { path: '^src/(cli|server)/' },
      to: { path: '^src/(codebase|judgment|store|formats)/' },
    },
    {
      name: 'faces-independent',
      comment:
        'The CLI and the server are two faces of the same app; neither reaches into the other. `tpo serve` starts the server through its public entry (src/server/index.ts, loaded on use) and reads the listen defaults from src/server/address.ts (no Fastify, so other commands start fast).',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/server/', pathNot: '^src/server/(index|address)\\.ts$' },
    },
    {
      name: 'server-knows-no-cli',
      comment:
        'The server is started by the CLI, never the reverse: it must not depend on commands or terminal output.',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-circular',
      comment: 'Cycles make layers meaningless and initialisation order fragile.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
