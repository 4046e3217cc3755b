/**
 * The arrows between Sluice's packages, checked by `npm run check:deps` (and
 * so by `npm test` and CI). Every arrow points toward core:
 *
 *   core  <-  kafka, clickhouse, runtime  <-  producer, aggregator, sink, compactor, dashboard  <-  cli
 *
 * devstack (the local broker and registry launchers) and testkit (the truth
 * oracle) serve development and tests only: the cli, tests and bench/ use
 * them, no product package does. testkit reads the producer's generated runs,
 * so it sits above the producer, which never imports it.
 * "Product code" below is a package's src/ minus its *.test.ts files.
 */
const PRODUCT_CODE = '^packages/[^/]+/src/';
const TEST_FILE = '\\.test\\.ts$';
const TEST_CODE = ['^test/', '^packages/[^/]+/test/', TEST_FILE];
const ADAPTERS = 'kafka|clickhouse|runtime';
const WORKERS = 'producer|aggregator|sink|compactor|dashboard';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-sibling',
      comment: 'core is the root of every arrow: it imports no other @sluice package.',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: { path: '^packages/(?!core/)' },
    },
    {
      name: 'core-does-no-io',
      comment: 'core does no I/O: no Node built-in, no Kafka client, no ClickHouse client or engine (its unit tests may use Node).',
      severity: 'error',
      from: { path: '^packages/core/src/', pathNot: TEST_FILE },
      to: {
        path: '(^|/)node_modules/(kafkajs|@kafkajs/[^/]+|@clickhouse/client[^/]*|chdb)/',
      },
    },
    {
      name: 'core-uses-no-node-builtin',
      comment: 'core does no I/O: node:fs, node:net, node:child_process and the rest belong to the adapters and the runtime.',
      severity: 'error',
      from: { path: '^packages/core/src/', pathNot: TEST_FILE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'adapters-import-only-core',
      comment: 'kafka, clickhouse and runtime are adapters at the edge: they import core and nothing else of Sluice.',
      severity: 'error',
      from: { path: `^packages/(${ADAPTERS})/src/`, pathNot: TEST_FILE },
      to: { path: '^packages/', pathNot: '^packages/(core|$1)/' },
    },
    {
      name: 'workers-never-import-each-other',
      comment: 'producer, aggregator, sink, compactor and dashboard import core, the adapters and the runtime, never each other, the cli, devstack or testkit.',
      severity: 'error',
      from: { path: `^packages/(${WORKERS})/src/`, pathNot: TEST_FILE },
      to: { path: '^packages/', pathNot: `^packages/(core|${ADAPTERS}|$1)/` },
    },
    {
      name: 'devstack-imports-only-core',
      comment: 'devstack sits beside the adapters: it imports core only.',
      severity: 'error',
      from: { path: '^packages/devstack/src/', pathNot: TEST_FILE },
      to: { path: '^packages/', pathNot: '^packages/(core|devstack)/' },
    },
    {
      name: 'devstack-only-for-cli-tests-bench',
      comment: 'devstack is development and test tooling: only the cli, tests and bench/ import it.',
      severity: 'error',
      from: { pathNot: ['^packages/(cli|devstack)/', ...TEST_CODE, '^bench/'] },
      to: { path: '^packages/devstack/' },
    },
    {
      name: 'testkit-imports-only-core-and-producer',
      comment: 'testkit computes the truth of a generated run: it imports core and the producer only.',
      severity: 'error',
      from: { path: '^packages/testkit/src/', pathNot: TEST_FILE },
      to: { path: '^packages/', pathNot: '^packages/(core|producer|testkit)/' },
    },
    {
      name: 'testkit-only-for-cli-tests-bench',
      comment: 'testkit is test tooling: only the cli (for `loadgen --truth`), tests and bench/ import it.',
      severity: 'error',
      from: { pathNot: ['^packages/(cli|testkit)/', ...TEST_CODE, '^bench/'] },
      to: { path: '^packages/testkit/' },
    },
    {
      name: 'nothing-imports-the-cli',
      comment: 'the cli is the top of the graph; tests run it as a process.',
      severity: 'error',
      from: { pathNot: ['^packages/cli/', ...TEST_CODE] },
      to: { path: '^packages/cli/' },
    },
    {
      name: 'no-test-code-in-product',
      comment: 'product code never imports tests or test support.',
      severity: 'error',
      from: { path: PRODUCT_CODE, pathNot: TEST_FILE },
      to: { path: TEST_CODE },
    },
    {
      name: 'every-import-resolves',
      comment: 'an import the checker cannot resolve would escape every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^packages/[^/]+/(dist|assets)/' },
    // Type-only imports are arrows too.
    tsPreCompilationDeps: true,
    // Resolves @sluice/* to each package's src/index.ts, as jest does, so the check needs no build.
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'require', 'node', 'default'],
      mainFields: ['main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
