import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Tests run against `src` with no build step: `@lakebox/*` resolves to the sources. */
export default defineConfig({
  resolve: {
    alias: {
      '@lakebox/shared': src('./packages/shared/src/index.ts'),
      '@lakebox/emulator': src('./packages/emulator/src/index.ts'),
      '@lakebox/reconciler': src('./packages/reconciler/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
    // CI also writes a JSON report, from which .ci/run prints a plain 'N passed, N failed' line.
    reporters: process.env['CI'] ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-artifacts/vitest.json' },
    // The SDK warns about Node 20 on every client; the warning says nothing about lakebox.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
