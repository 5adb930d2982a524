import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The lint rules that keep ARCHITECTURE.md's boundaries: proxy/ is pure Node, main/ goes through proxy/index.ts,
 * renderer/ takes only types.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId?.endsWith('no-restricted-imports')).map((message) => message.message);
}

describe('architecture boundaries (eslint)', () => {
  it('fails when proxy/ imports electron or the shell', async () => {
    expect(await boundaryErrors('proxy/http/example.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(1);
    expect(await boundaryErrors('proxy/http/example.ts', "import { x } from '../../main/index.js';\nexport const y = x;\n")).toHaveLength(1);
    expect(await boundaryErrors('proxy/example.ts', "import { x } from '../preload/index.js';\nexport const y = x;\n")).toHaveLength(1);
    expect(await boundaryErrors('proxy/example.ts', "import { x } from '../renderer/src/App.js';\nexport const y = x;\n")).toHaveLength(1);
  });

  it('lets proxy/ import its own modules and Node', async () => {
    expect(await boundaryErrors('proxy/http/example.ts', "import { join } from 'node:path';\nimport { x } from '../main-thing.js';\nexport const y = [join, x];\n")).toEqual([]);
  });

  it('lets main/ use proxy/ only through its public entry', async () => {
    expect(await boundaryErrors('main/example.ts', "import { createSwitchboard } from '../proxy/index.js';\nexport const c = createSwitchboard;\n")).toEqual([]);
    expect(await boundaryErrors('main/login/example.ts', "import { TokenStore } from '../../proxy/accounts/token-store.js';\nexport const t = TokenStore;\n")).toHaveLength(1);
    expect(await boundaryErrors('main/example.ts', "import type { Config } from '../proxy/config/load.js';\nexport type C = Config;\n")).toHaveLength(1);
  });

  it('lets renderer/ import only types from proxy/', async () => {
    expect(await boundaryErrors('renderer/src/example.ts', "import type { Config } from '../../proxy/index.js';\nexport type C = Config;\n")).toEqual([]);
    expect(await boundaryErrors('renderer/src/example.ts', "import { createSwitchboard } from '../../proxy/index.js';\nexport const c = createSwitchboard;\n")).toHaveLength(1);
  });
});
