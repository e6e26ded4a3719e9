// ESLint for what oxlint does not cover (Vue templates, typescript-eslint rules);
// oxlint runs first and its rules are switched off here.
import pluginVue from 'eslint-plugin-vue'
import pluginOxlint from 'eslint-plugin-oxlint'
import { withVueTs, vueTsConfigs } from '@vue/eslint-config-typescript'

export default withVueTs(
  {
    name: 'app/ignores',
    ignores: [
      'dist/**',
      'coverage/**',
      'node_modules/**',
      '.stack/**',
      'test-results/**',
      'playwright-report/**',
      'src/lib/database.types.ts',
      'supabase/functions/**',
      'tests/functions/**',
      'stack/functions/runtime/**',
    ],
  },
  pluginVue.configs['flat/essential'], // formatting is Prettier's job
  vueTsConfigs.recommended,
  {
    name: 'app/rules',
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
    },
  },
  ...pluginOxlint.configs['flat/recommended'],
)
