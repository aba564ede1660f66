import { defineConfig } from 'vitest/config';

const serviceEnv = {
  GATEHOUSE_TEST_DATABASE: 'postgres',
  GATEHOUSE_TEST_POSTGRES_URL: process.env.GATEHOUSE_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  GATEHOUSE_TEST_REDIS_URL: process.env.GATEHOUSE_TEST_REDIS_URL || 'redis://127.0.0.1:6379',
};
// The global setup (service check) runs in this process, the tests in forks: both need the same values.
Object.assign(process.env, serviceEnv);

// npm run test:services: the whole e2e suite on PostgreSQL + Redis, plus the multi-instance and fault tests.
export default defineConfig({
  test: {
    globals: true,
    include: ['test/**/*.e2e-spec.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['./test/support/services-global-setup.ts'],
    env: serviceEnv,
    reporters: ['default', './test/support/count-reporter.ts'],
  },
});
