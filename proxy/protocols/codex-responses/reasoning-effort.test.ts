import { describe, expect, it } from 'vitest';
import { fitReasoningEffort, nearestEffort } from './reasoning-effort.js';

describe("a model's own reasoning efforts", () => {
  const gpt55 = ['low', 'medium', 'high', 'xhigh'];

  it('keeps an effort the model has, and maps one it lacks to the nearest it has, up or down', () => {
    expect(nearestEffort('high', gpt55)).toBe('high');
    expect(nearestEffort('none', gpt55)).toBe('low');
    expect(nearestEffort('minimal', gpt55)).toBe('low');
    expect(nearestEffort('max', gpt55)).toBe('xhigh');
    expect(nearestEffort('ultra', gpt55)).toBe('xhigh');
    // Halfway between two it has: the higher, as the client asked for at least that much.
    expect(nearestEffort('medium', ['low', 'high'])).toBe('high');
  });

  it('leaves an effort alone when the set or the effort is unknown', () => {
    expect(nearestEffort('max', [])).toBe('max');
    expect(nearestEffort('turbo', gpt55)).toBe('turbo');
  });

  it("fits a body's reasoning.effort to its model's set, keeping the rest of reasoning", () => {
    const efforts = (model: string) => (model === 'gpt-5.5' ? gpt55 : undefined);
    expect(fitReasoningEffort({ model: 'gpt-5.5', reasoning: { effort: 'max', summary: 'auto' } }, efforts)).toEqual({ model: 'gpt-5.5', reasoning: { effort: 'xhigh', summary: 'auto' } });
    const unknownModel = { model: 'gpt-9', reasoning: { effort: 'max' } };
    expect(fitReasoningEffort(unknownModel, efforts)).toBe(unknownModel);
  });
});
