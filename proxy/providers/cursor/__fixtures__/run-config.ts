import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cursorConfigSchema, type CursorRunConfig } from '../config-schema.js';

/** A run config for tests: a fresh auth-dir, Cursor's auth endpoints at `authUrl`. */
export function testRunConfig(authUrl: string): CursorRunConfig {
  return {
    'auth-dir': mkdtempSync(join(tmpdir(), 'sb-cursor-')),
    providers: { cursor: cursorConfigSchema.parse({ 'auth-url': authUrl }) },
    timeouts: { refresh: 5000 },
  };
}
