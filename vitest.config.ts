import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

const alias = { '@': fileURLToPath(new URL('./src', import.meta.url)) }

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['stack/**/*.test.ts', 'scripts/**/*.test.ts'], environment: 'node' },
      },
      {
        plugins: [vue()],
        resolve: { alias },
        test: { name: 'app', include: ['src/**/*.test.ts'], environment: 'jsdom' },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
