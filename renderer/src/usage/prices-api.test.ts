import { describe, expect, it } from 'vitest';
import { describePrices, parsePrices, type PricesAnswer } from './prices-api';

const update = { url: 'https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/new_data/v2/data.json', autoUpdate: true, refreshIntervalMs: 86_400_000, lastCheckAt: null, lastError: null };

describe('describePrices', () => {
  it('names bundled data by the package version, and says how it stays current', () => {
    const answer: PricesAnswer = { data: { kind: 'bundled', packageVersion: '0.1.8', url: null, fetchedAt: null }, update, models: [] };
    expect(describePrices(answer)).toEqual({ source: '@pydantic/genai-prices 0.1.8, bundled', freshness: 'Updated daily from raw.githubusercontent.com.', problem: null });
  });

  it('names downloaded data by its date and host, and a failed update in words', () => {
    const answer: PricesAnswer = {
      data: { kind: 'downloaded', packageVersion: '0.1.8', url: 'http://127.0.0.1:9/data.json', fetchedAt: '2026-12-06T09:30:12.000Z' },
      update: { ...update, autoUpdate: false, lastError: 'could not reach it' },
      models: [],
    };
    expect(describePrices({ ...answer, update: { ...update, url: 'http://127.0.0.1:9/data.json' } }).freshness).toBe('Updated daily.');
    expect(describePrices(answer)).toEqual({
      source: expect.stringMatching(/^@pydantic\/genai-prices catalog, downloaded \d{1,2} Dec 2026 \d\d:\d\d from 127\.0\.0\.1:9$/),
      freshness: 'Automatic updates are off (price-data.auto-update).',
      problem: 'The last update failed: could not reach it',
    });
  });

  it('refuses an answer of another shape', () => {
    expect(() => parsePrices({ data: null })).toThrow(/unexpected shape/);
  });
});
