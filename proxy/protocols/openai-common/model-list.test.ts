import { describe, expect, it } from 'vitest';
import { readOpenAIModelList } from './model-list.js';

describe('readOpenAIModelList', () => {
  it("reads OpenAI's list: ids as names, created as the release date", () => {
    const body = JSON.stringify({
      object: 'list',
      data: [
        { id: 'gpt-5-mini', object: 'model', created: 1754425777, owned_by: 'system' },
        { id: 'qwen3:8b', object: 'model', created: 0, owned_by: 'library' },
        { id: 'local-model' },
      ],
    });
    expect(readOpenAIModelList(body)).toEqual([
      { id: 'gpt-5-mini', displayName: 'gpt-5-mini', createdAt: '2025-08-05T20:29:37.000Z' },
      { id: 'qwen3:8b', displayName: 'qwen3:8b', createdAt: null },
      { id: 'local-model', displayName: 'local-model', createdAt: null },
    ]);
  });

  it('refuses an answer that is not a model list', () => {
    expect(() => readOpenAIModelList('404 page not found')).toThrow(/not JSON/);
    expect(() => readOpenAIModelList(JSON.stringify({ models: [] }))).toThrow(/not \{"data"/);
    expect(() => readOpenAIModelList(JSON.stringify({ data: [{ id: '' }] }))).toThrow(/at data.0.id/);
  });
});
