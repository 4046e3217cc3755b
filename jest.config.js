/**
 * Two projects: unit tests live beside the code and need no infrastructure;
 * integration tests live under each package's test/ folder and share one real
 * Kafka broker, started by the project's own launcher in the global setup.
 */
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
};
const moduleNameMapper = { '^@sluice/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts' };

/** @type {import('jest').Config} */
module.exports = {
  // Project-level timeouts are ignored by jest; integration tests start real brokers and engines.
  testTimeout: 120_000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: ['<rootDir>/packages/*/src/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: ['<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
