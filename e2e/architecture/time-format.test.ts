import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The lint rule that keeps one 24-hour time format across the dashboard (renderer/src/format.ts). */
const eslint = new ESLint({ cwd: process.cwd() });

async function timeFormatErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-properties').map((message) => message.message);
}

describe('one time format in the dashboard (eslint)', () => {
  it("refuses the browser's locale formats in renderer/", async () => {
    expect(await timeFormatErrors('renderer/src/example.ts', 'export const a = new Date(0).toLocaleTimeString();\n')).toHaveLength(1);
    expect(await timeFormatErrors('renderer/src/example.ts', 'export const a = new Date(0).toLocaleDateString();\n')).toHaveLength(1);
    expect(await timeFormatErrors('renderer/src/example.ts', "export const f = new Intl.DateTimeFormat('en-US');\n")).toHaveLength(1);
  });

  it('lets renderer/ use format.ts, and leaves other folders alone', async () => {
    expect(await timeFormatErrors('renderer/src/example.ts', "import { formatClock } from './format';\nexport const a = formatClock(0);\n")).toEqual([]);
    expect(await timeFormatErrors('proxy/example.ts', 'export const a = new Date(0).toLocaleTimeString();\n')).toEqual([]);
  });
});
