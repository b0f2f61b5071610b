import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Tests run against `src` with no build step: `@lakebox/*` resolves to the sources. */
export default defineConfig({
  resolve: {
    alias: {
      '@lakebox/shared': src('./packages/shared/src/index.ts'),
      '@lakebox/emulator': src('./packages/emulator/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
