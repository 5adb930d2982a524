import { describe, expect, it } from 'vitest';
import { withLatestTable } from './report.js';

describe('withLatestTable', () => {
  const readme = '# Title\n\nThe latest table:\n\n<!-- bench:paths -->\n| old |\n<!-- /bench:paths -->\n\n## Next\n';

  it('replaces what stands between the markers and nothing else', () => {
    const once = withLatestTable(readme, '| new |\n');
    expect(once).toBe('# Title\n\nThe latest table:\n\n<!-- bench:paths -->\n| new |\n<!-- /bench:paths -->\n\n## Next\n');
    expect(withLatestTable(once, '| newer |\n')).toBe(once.replace('| new |', '| newer |'));
  });

  it('refuses a README without the markers instead of losing the table', () => {
    expect(() => withLatestTable('# Title\n', '| new |')).toThrow(/markers/);
  });
});
