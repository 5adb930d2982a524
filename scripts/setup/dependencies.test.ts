import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDependencies } from './dependencies.mjs';

describe('ensureDependencies', () => {
  let root: string;
  let installs: number;
  const say = () => {};

  /** What `npm ci` leaves behind: every declared package in node_modules. */
  function installPackages(...names: string[]): void {
    for (const name of names) {
      mkdirSync(join(root, 'node_modules', name), { recursive: true });
      writeFileSync(join(root, 'node_modules', name, 'package.json'), `{"name":"${name}"}`);
    }
  }
  const install = () => {
    installs++;
    installPackages('express', '@scope/tool', 'vite');
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'switchboard-deps-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ dependencies: { express: '^5' }, devDependencies: { '@scope/tool': '^1', vite: '^8' } }));
    installs = 0;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('installs on a fresh clone, where there is no node_modules at all', () => {
    ensureDependencies(root, { install, say });
    expect(installs).toBe(1);
  });

  it('does nothing when every declared package is installed', () => {
    installPackages('express', '@scope/tool', 'vite');
    ensureDependencies(root, { install, say });
    expect(installs).toBe(0);
  });

  it('stops with the command to run when an install lacks a package, without replacing node_modules itself', () => {
    installPackages('express');
    expect(() => ensureDependencies(root, { install, say })).toThrow(/^@scope\/tool, vite are not installed \(package.json changed since the last install\): run `npm ci`$/);
    expect(installs).toBe(0);
  });

  it('stops when the install it ran still left a package out', () => {
    expect(() => ensureDependencies(root, { install: () => installPackages('express'), say })).toThrow(/not installed.*run `npm ci`/);
  });
});
