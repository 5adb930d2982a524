#!/usr/bin/env node
/**
 * Which existing files name a provider outside its own folder: the files a new provider module would have to touch
 * besides its folder (issue #14: the goal is the registry line in proxy/providers/index.ts and nothing else).
 *
 * For each provider folder proxy/providers/<id>/, it reads the source of proxy/, main/, preload/ and renderer/ (not
 * tests, fixtures or e2e/) and reports every file with a line that
 *   - imports from the folder (".../providers/<id>/..." or, in the registry, "./<id>/..."),
 *   - reads its config section (`providers.<id>`, `providers['<id>']`), or
 *   - names its id where a provider is meant (`provider: '<id>'`, `provider === '<id>'`, `loginMethodKey('<id>'`,
 *     `startLogin('<id>'`, "login <id>").
 * A client wire format that shares a provider's name (the "anthropic" format of /v1/messages) is not a provider
 * and is not reported. Usage: node scripts/provider-touchpoints.mjs → JSON { "<id>": ["file", …] }.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {string[]} */
export function providerIds() {
  return readdirSync(join(root, 'proxy/providers'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'))
    .map((entry) => entry.name)
    .sort();
}

function sourceFiles() {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'proxy', 'main', 'preload', 'renderer'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((file) => /\.(ts|tsx|mjs)$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.includes('__fixtures__'));
}

/** @param {string} text */
function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

/**
 * @param {string} id
 * @param {string} file
 */
function namesProvider(id, file) {
  const quoted = `['"]${escape(id)}['"]`;
  return new RegExp(
    [
      `providers/${escape(id)}/`,
      // "./<id>/" is the provider's folder only in the registry's own folder (proxy/clients/codex/ is a client's).
      ...(dirname(file) === 'proxy/providers' ? [`^import .* from '\\./${escape(id)}/`] : []),
      `providers\\.${escape(id)}\\b`,
      `providers\\[${quoted}\\]`,
      `provider:\\s*${quoted}`,
      `provider\\s*===?\\s*${quoted}`,
      `loginMethodKey\\(${quoted}`,
      `startLogin\\(${quoted}`,
      `login ${escape(id)}\\b`,
    ].join('|'),
  );
}

/**
 * By provider id, the files outside its folder that name it, sorted.
 * @returns {Record<string, string[]>}
 */
export function providerTouchpoints() {
  const files = sourceFiles();
  return Object.fromEntries(
    providerIds().map((id) => {
      const touched = files.filter((file) => {
        if (file.startsWith(`proxy/providers/${id}/`)) return false;
        const pattern = namesProvider(id, file);
        const code = readFileSync(join(root, file), 'utf8')
          .split('\n')
          .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line)); // comments name providers as examples
        return code.some((line) => pattern.test(line));
      });
      return [id, touched.sort()];
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(providerTouchpoints(), null, 2));
