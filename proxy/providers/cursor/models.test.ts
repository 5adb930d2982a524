import { describe, expect, it } from 'vitest';
import { readCursorModels } from './models.js';

const failing = () => Promise.reject(new Error('HTTP 503'));

describe('Cursor model lists', () => {
  it('takes GetUsableModels first, under the names that route to Cursor', async () => {
    const models = await readCursorModels([
      ['GetUsableModels', () => Promise.resolve([{ id: 'gpt-5', name: 'GPT-5' }])],
      ['AvailableModels', () => Promise.reject(new Error('not asked'))],
    ]);
    expect(models).toEqual([{ id: 'cursor-gpt-5', displayName: 'GPT-5 (Cursor)', createdAt: null }]);
  });

  it('falls back to AvailableModels when GetUsableModels fails or lists nothing', async () => {
    const available = () => Promise.resolve([{ id: 'composer-1', name: 'Composer 1' }]);
    expect((await readCursorModels([['GetUsableModels', failing], ['AvailableModels', available]])).map((model) => model.id)).toEqual(['cursor-composer-1']);
    expect((await readCursorModels([['GetUsableModels', () => Promise.resolve([])], ['AvailableModels', available]])).map((model) => model.id)).toEqual(['cursor-composer-1']);
  });

  it('fails, naming each list’s problem, when none answers (the directory keeps the built-in list)', async () => {
    await expect(readCursorModels([['GetUsableModels', failing], ['AvailableModels', () => Promise.resolve([])]])).rejects.toThrow('GetUsableModels: HTTP 503; AvailableModels listed no models');
  });
});
