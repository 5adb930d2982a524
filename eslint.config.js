// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** proxy/ is pure Node: the desktop shell and the dashboard depend on it, never the other way round. */
const proxyBoundary = {
  patterns: [
    { group: ['electron', 'electron/*'], message: 'proxy/ is pure Node: it must not import electron.' },
    {
      group: ['**/main', '**/main/**', '**/preload', '**/preload/**', '**/renderer', '**/renderer/**'],
      message: 'proxy/ must not import main/, preload/ or renderer/ (see ARCHITECTURE.md "Boundaries").',
    },
  ],
};

/**
 * Inner boundaries of proxy/ (ARCHITECTURE.md "Boundaries"): a wire format or protocol never imports a provider or
 * the HTTP layer; a provider never imports the HTTP layer or another provider; accounts/ never imports a provider.
 * What several layers share lives in a neutral place (upstream/, credentials/, models/).
 */
const importOf = (folder) => `(^|/)${folder}(/|$)`;
const refuse = (regex, message) => ({ regex, message });
const innerZones = [
  {
    files: ['proxy/wire/**/*.ts', 'proxy/protocols/**/*.ts'],
    patterns: [
      refuse(importOf('providers'), 'a wire format or protocol never imports a provider: a target passes it what it needs (a connection, hooks).'),
      refuse(importOf('http'), 'a wire format or protocol never imports the HTTP layer (shared upstream plumbing lives in proxy/upstream/).'),
      refuse(importOf('accounts'), 'a wire format or protocol never imports accounts/: it is given credentials by a credential source.'),
    ],
  },
  {
    files: ['proxy/upstream/**/*.ts'],
    patterns: [refuse(`${importOf('providers')}|${importOf('http')}|${importOf('accounts')}|${importOf('protocols')}`, 'proxy/upstream/ is shared plumbing: it imports none of the layers that use it.')],
  },
  {
    files: ['proxy/providers/*/**/*.ts'],
    patterns: [
      refuse(importOf('http'), 'a provider never imports the HTTP layer (shared upstream plumbing lives in proxy/upstream/).'),
      refuse('^\\.\\./(?!\\.\\./)[^/]+/', 'a provider never imports another provider: what they share belongs in protocols/, credentials/ or upstream/.'),
      refuse('^\\.\\./index\\.js$', 'a provider never imports the registry: the registry imports the providers.'),
    ],
  },
  {
    files: ['proxy/accounts/**/*.ts'],
    patterns: [
      refuse(importOf('providers'), 'accounts/ never imports a provider: the pool is given what it needs of a target (PooledTarget).'),
      refuse(importOf('http'), 'accounts/ never imports the HTTP layer.'),
    ],
  },
];

/** renderer/ runs in a browser: only types may come from proxy/ or main/. */
const rendererBoundary = {
  patterns: [
    {
      group: ['**/proxy/**', '**/main/**', 'electron', 'node:*'],
      allowTypeImports: true,
      message: 'renderer/ may import only types from proxy/ or main/, and nothing from Node or electron.',
    },
  ],
};

/** The dashboard writes every time with renderer/src/format.ts (24-hour clock), never in the browser's locale. */
const localeTimeMessage = 'use formatClock / formatTime / formatDay from renderer/src/format.ts: one 24-hour time format across the dashboard.';
const rendererTimeFormat = [
  { property: 'toLocaleTimeString', message: localeTimeMessage },
  { property: 'toLocaleDateString', message: localeTimeMessage },
  { object: 'Intl', property: 'DateTimeFormat', message: localeTimeMessage },
];

/** main/ and preload/ use proxy/ only through its public entry, proxy/index.ts. */
const shellBoundary = {
  patterns: [
    {
      group: ['**/proxy/*', '**/proxy/**', '!**/proxy/index.js'],
      message: 'main/ and preload/ use proxy/ only through its public entry, proxy/index.ts (see ARCHITECTURE.md "Boundaries").',
    },
  ],
};

export default tseslint.config(
  // Build and test output (as in .gitignore): a failed Playwright run leaves its report's scripts behind.
  { ignores: ['dist/**', 'out/**', 'release/**', 'coverage/**', 'test-results/**', 'playwright-report/**', 'node_modules/**', 'e2e/clients/node_modules/**', 'renderer/dist/**', '**/gen/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['proxy/**/*.ts'], rules: { 'no-restricted-imports': ['error', proxyBoundary], '@typescript-eslint/no-restricted-imports': 'off' } },
  ...innerZones.map(({ files, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns: [...proxyBoundary.patterns, ...patterns] }] },
  })),
  { files: ['main/**/*.ts', 'preload/**/*.ts'], rules: { 'no-restricted-imports': ['error', shellBoundary] } },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { '@typescript-eslint/no-restricted-imports': ['error', rendererBoundary], 'no-restricted-properties': ['error', ...rendererTimeFormat] },
  },
);
