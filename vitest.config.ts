import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup-arm-sdks.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
