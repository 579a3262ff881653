// One jest config, four projects: unit (pure, mocks allowed), integration, e2e and browser (real
// PostgreSQL, Temporal dev server and SMTP; browser adds Chromium and the built web app;
// scripts/test.sh starts and builds what they need).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
// Packages that ship only ES modules (NestJS 12 and what it loads). Node runs them from CommonJS with require(esm);
// Jest's own module system does that only on Node 24.9+ under --experimental-vm-modules, so on every Node the tests
// compile them to CommonJS with swc (import.meta included), like the project's own TypeScript.
const esmOnly = [
  '@nestjs/(common|core|jwt|mapped-types|platform-express|swagger|terminus)',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer/inflate',
  'uint8array-extras',
  '@borewit/text-codec',
].join('|');
const swcEsm = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
const base = {
  transform: { '^.+\\.ts$': swc, [`/node_modules/(${esmOnly})/.+\\.js$`]: swcEsm },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  // dist/ (npm run build; the production-build test makes it) holds second copies of the workspace packages, and
  // Jest 30 refuses a package name that two package.json files claim.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};
module.exports = {
  testTimeout: 120000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.spec.ts'] },
    // replay of recorded workflow histories against the current bundle (no server needed)
    { ...base, displayName: 'replay', testMatch: ['<rootDir>/tests/replay/**/*.replay-spec.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
    },
    {
      ...base,
      displayName: 'browser',
      testMatch: ['<rootDir>/tests/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
    },
    // The running cluster (`npm run cluster`, then `eval "$(bash scripts/cluster.sh env)"` sets KAFLOW_CLUSTER_URL):
    // its shape, and kill and restart tests on its processes. Only when asked: `npm run test:cluster`.
    ...(process.env.KAFLOW_CLUSTER_URL
      ? [{ ...base, displayName: 'cluster', testMatch: ['<rootDir>/tests/cluster/**/*.cluster-spec.ts'] }]
      : []),
    // Kill tests (`npm run test:faults` alone): each starts its own Temporal dev server, worker and API as
    // child processes (about 12 minutes on 2 quiet cores). KAFLOW_FAULTS=0 leaves them out.
    ...(process.env.KAFLOW_FAULTS !== '0'
      ? [
          {
            ...base,
            displayName: 'faults',
            testMatch: ['<rootDir>/tests/faults/**/*.fault-spec.ts'],
            globalSetup: '<rootDir>/tests/support/global-setup.ts',
          },
        ]
      : []),
  ],
};
