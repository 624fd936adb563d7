/**
 * The dependency rules of the repository, checked by `npm run deps` (part of `npm test`):
 * which package may use which, and inside the server which folder may use which
 * (http → services → repositories → db, never back). Tests may use the simulator.
 * A rule's `comment` is what a failing import is told.
 * @type {import('dependency-cruiser').IConfiguration}
 */

// A test file, or a test's helper (`test/` folders); tests may use the simulator and their package's helpers.
const TEST = '(\\.test\\.tsx?$|^packages/[^/]+/test/)';
const SERVER = '^packages/server/src/';

/** A rule that a folder of the server never imports another. */
const serverFolder = (name, from, to, comment) => ({
  name,
  severity: 'error',
  comment,
  from: { path: `${SERVER}${from}`, pathNot: TEST },
  to: { path: `${SERVER}(${to.join('|')})` },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle at run time: one of these modules must not import the other (move what both need below them).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-in-server-vault-contract',
      severity: 'error',
      comment: 'A cycle, even of types only, in a package whose layers are checked: move what both modules need below them.',
      from: { path: '^packages/(server|vault|contract)/' },
      to: { circular: true },
    },
    {
      name: 'src-not-tests',
      severity: 'error',
      comment: 'Source never imports test code (test/ helpers, *.test.ts).',
      from: { path: '^packages/[^/]+/src/', pathNot: TEST },
      to: { path: TEST },
    },

    // --- packages -----------------------------------------------------------------------------
    {
      name: 'simulator-not-client',
      severity: 'error',
      comment: 'The simulator is the oracle the client is tested against: it shares no code with packages/psn (DESIGN.md).',
      from: { path: '^packages/psn-sim/' },
      to: { path: '^packages/psn/' },
    },
    {
      name: 'client-not-simulator',
      severity: 'error',
      comment: 'The PSN client never imports the simulator; only its tests may run against it.',
      from: { path: '^packages/psn/', pathNot: TEST },
      to: { path: '^packages/psn-sim/' },
    },
    {
      name: 'client-imports-nothing-of-ours',
      severity: 'error',
      comment: 'The PSN client is a library of its own: it imports no other package of this repository (its tests may use the simulator).',
      from: { path: '^packages/psn/' },
      to: { path: '^packages/(?!psn/|psn-sim/)' },
    },
    {
      name: 'contract-only-zod',
      severity: 'error',
      comment: 'The contract depends on zod only: no other package, no Node module.',
      from: { path: '^packages/contract/', pathNot: TEST },
      to: { pathNot: '^(packages/contract/|node_modules/zod/)' },
    },
    {
      name: 'web-only-contract-types',
      severity: 'error',
      comment:
        'The web UI talks to the server over HTTP only: of our packages it imports the contract (types only) and the client’s plain NPSSO rule (@trophyroom/psn/npsso).',
      from: { path: '^packages/web/src/' },
      to: { path: '^packages/(?!web/)', pathNot: '^packages/(contract/|psn/src/auth/npsso-text\\.ts$)' },
    },
    {
      name: 'web-contract-types-only',
      severity: 'error',
      comment: 'The web imports the contract with `import type` only, so the browser bundle carries no zod.',
      from: { path: '^packages/web/src/' },
      to: { path: '^packages/contract/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'vault-imports-nothing-of-ours',
      severity: 'error',
      comment: 'The vault imports no other package of this repository (the PSN client’s types at most).',
      from: { path: '^packages/vault/' },
      to: { path: '^packages/(?!vault/)', pathNot: '^packages/psn/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'vault-psn-types-only',
      severity: 'error',
      comment: 'The vault may name the PSN client’s types, nothing more.',
      from: { path: '^packages/vault/' },
      to: { path: '^packages/psn/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'server-not-web-or-cli',
      severity: 'error',
      comment: 'The server does not know the web UI or the CLI (the CLI tells it where the built UI is).',
      from: { path: '^packages/server/' },
      to: { path: '^packages/(web|cli)/' },
    },
    {
      name: 'src-not-simulator',
      severity: 'error',
      comment: 'Only tests may use the simulator (and the CLI, whose sim and demo commands run it).',
      from: { path: '^packages/(server|vault|contract|web)/src/', pathNot: TEST },
      to: { path: '^packages/psn-sim/' },
    },
    {
      name: 'cli-server-only-to-serve',
      severity: 'error',
      comment: 'The CLI loads the server only for serve, demo and migrate; its login uses @trophyroom/vault.',
      from: { path: '^packages/cli/src/', pathNot: `(${TEST}|^packages/cli/src/commands/(serve|demo|migrate)\\.ts$)` },
      to: { path: '^packages/server/' },
    },

    // --- inside the server: http → services → repositories → db, never back ------------------------
    serverFolder(
      'http-only-services',
      'http/',
      ['repositories/', 'db/', 'jobs/', 'vault/', 'engine\\.ts', 'main\\.ts', 'config\\.ts'],
      'Routes and middleware call services only: never a repository, the database, the queue or the engine.',
    ),
    serverFolder(
      'services-not-http',
      'services/',
      ['http/', 'engine\\.ts', 'main\\.ts', 'config\\.ts'],
      'Services know nothing of HTTP: they throw ServiceError (or their own errors) and http/errors.ts maps them.',
    ),
    serverFolder(
      'jobs-not-services',
      'jobs/',
      ['http/', 'services/', 'engine\\.ts', 'main\\.ts'],
      'The queue runs handlers it is given; it never imports a service.',
    ),
    serverFolder(
      'repositories-below-services',
      'repositories/',
      ['http/', 'services/', 'jobs/', 'vault/', 'observability/', 'engine\\.ts', 'main\\.ts', 'config\\.ts'],
      'Repositories hold the SQL and import only the database layer (and the trophy rules).',
    ),
    serverFolder(
      'db-at-the-bottom',
      'db/',
      ['http/', 'services/', 'repositories/', 'jobs/', 'vault/', 'observability/', 'engine\\.ts', 'main\\.ts', 'config\\.ts'],
      'The database layer imports nothing above it.',
    ),
    serverFolder(
      'observability-imports-no-route-or-service',
      'observability/',
      ['http/', 'services/', 'repositories/', 'jobs/', 'db/', 'vault/', 'engine\\.ts', 'main\\.ts', 'config\\.ts'],
      'Logs and metrics may be used by anyone and use no route, service or store (figures come in through StoreFigures).',
    ),
    serverFolder(
      'trophy-rules-import-nothing',
      'trophies/',
      ['http/', 'services/', 'repositories/', 'jobs/', 'db/', 'vault/', 'observability/', 'engine\\.ts', 'main\\.ts', 'config\\.ts'],
      'The trophy rules (points, level, rarity) are plain functions every layer may use.',
    ),
    serverFolder(
      'vault-opening-below-services',
      'vault/',
      ['http/', 'services/', 'jobs/', 'engine\\.ts', 'main\\.ts'],
      'Opening the vault at start reads the connections; it uses no service.',
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['development', 'import', 'types', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
