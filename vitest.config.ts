import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/pbx-global-setup.ts'],
          testTimeout: 150_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
