/**
 * Jest with ts-jest in transpile-only mode: tests compile fast, and type-checking is done separately by
 * `tsc --noEmit` (npm run typecheck). Jest 29 is used because Jest 30's resolver ships per-platform native
 * binaries that this machine's npm registry cannot lock for other platforms, which breaks `npm ci`.
 */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }],
  },
  testMatch: ['<rootDir>/tests/**/*.test.ts', '<rootDir>/tests/**/*.test.tsx'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  testTimeout: 120000,
  maxWorkers: 2,
};
