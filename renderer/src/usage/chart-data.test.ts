import { describe, expect, it } from 'vitest';
import type { TimeSeries, UsageGroup } from '../../../proxy/usage/usage-stats.js';
import styles from '../styles.css?raw';
import { assignColors, bucketLabel, groupLabel, groupTotals, PALETTE, toChartData, UNNAMED_GROUPS } from './chart-data.js';
import { colorDistance, oklab } from './color-distance.js';

const UNNAMED_GROUP = UNNAMED_GROUPS.model;
import { parseUsageReport, rangeWindow } from './usage-api.js';

function group(name: string | null, over: Partial<UsageGroup> = {}): UsageGroup {
  return {
    name,
    requests: 1,
    errors: 0,
    aborted: 0,
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 2,
    cacheWriteTokens: 1,
    reasoningTokens: 0,
    costUsd: 0.5,
    billedCostUsd: 0,
    subscriptionCostUsd: 0.5,
    unpricedRequests: 0,
    ...over,
  };
}

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 10);

const series: TimeSeries = {
  buckets: [
    { start: T0, groups: [group('opus', { requests: 2, costUsd: 1.25 }), group('sonnet')] },
    { start: T0 + H, groups: [] },
    { start: T0 + 2 * H, groups: [group('sonnet', { costUsd: null, unpricedRequests: 1 }), group(null)] },
  ],
};

describe('toChartData', () => {
  it('makes one row per bucket, one key per group, zero where a group is absent', () => {
    const { rows, groups } = toChartData(series, 'hour', 'cost', 'model');
    expect(rows).toHaveLength(3);
    expect(groups.map((g) => g.name)).toEqual([UNNAMED_GROUP, 'opus', 'sonnet'].sort((a, b) => a.localeCompare(b)));
    expect(rows[0]).toMatchObject({ start: T0, label: '23 Nov 10:00', opus: 1.25, sonnet: 0.5, [UNNAMED_GROUP]: 0 });
    expect(rows[1]).toMatchObject({ opus: 0, sonnet: 0 });
    // An unpriced group adds nothing to the cost bar (never a made-up price).
    expect(rows[2]).toMatchObject({ sonnet: 0, [UNNAMED_GROUP]: 0.5 });
  });

  it('switches metric', () => {
    expect(toChartData(series, 'hour', 'requests', 'model').rows[0]).toMatchObject({ opus: 2, sonnet: 1 });
    expect(toChartData(series, 'hour', 'tokens', 'model').rows[0]).toMatchObject({ opus: 18, sonnet: 18 });
  });
});

describe('labels and colours', () => {
  it('labels buckets in UTC', () => {
    expect(bucketLabel(Date.UTC(2026, 0, 5, 7), 'hour')).toBe('5 Jan 07:00');
    expect(bucketLabel(Date.UTC(2026, 0, 5), 'day')).toBe('5 Jan');
    expect(bucketLabel(Date.UTC(2026, 0, 1), 'month')).toBe('Jan 2026');
  });

  it('gives every series on a chart a colour of its own: two keys, two models', () => {
    const twoKeysTwoModels = assignColors(['key_a1', 'key_b2', 'claude-sonnet-4-6', 'claude-haiku-4-5']);
    expect(new Set(twoKeysTwoModels.values()).size).toBe(4);
    // Names whose own colours are the same still get two: find such a pair, as the hash has them.
    const slotOf = (name: string) => assignColors([name]).get(name);
    const rival = Array.from({ length: 500 }, (_, i) => `key-${i}`).find((name) => name !== 'key-0' && slotOf(name) === slotOf('key-0'));
    expect(rival).toBeDefined();
    const pair = assignColors(['key-0', rival!]);
    expect(pair.get('key-0')).not.toBe(pair.get(rival!));
    // As many series as the palette has colours: all different.
    const many = assignColors(Array.from({ length: PALETTE.length }, (_, i) => `model-${i}`));
    expect(new Set(many.values()).size).toBe(PALETTE.length);
  });

  it('keeps a series on its colour, whatever else is on the chart, unless another took it first', () => {
    const alone = assignColors(['claude-opus-4-7']).get('claude-opus-4-7');
    expect(assignColors(['claude-opus-4-7', 'zzz-other']).get('claude-opus-4-7')).toBe(alone);
    expect(assignColors(['claude-opus-4-7', 'claude-haiku-4-5']).get('claude-opus-4-7')).toBe(assignColors(['claude-haiku-4-5', 'claude-opus-4-7']).get('claude-opus-4-7'));
    expect(alone).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('gives no two series colours that look alike: every pair of the palette far apart in OKLab', () => {
    // 0.02 is about the smallest difference one notices side by side; two bars or two legend squares apart must be
    // told apart at a glance, so 0.12 (Kelly's orange and yellowish orange, the pair that looked the same, are 0.08).
    const MIN_SERIES_DISTANCE = 0.12;
    const alike: string[] = [];
    for (const [i, first] of PALETTE.entries()) {
      for (const second of PALETTE.slice(i + 1)) {
        const distance = colorDistance(first, second);
        if (distance < MIN_SERIES_DISTANCE) alike.push(`${first} and ${second} (${distance.toFixed(3)})`);
      }
    }
    expect(alike, 'palette colours that look alike').toEqual([]);
  });

  it('draws every series so it shows on the card and the page of the light theme and of the dark one', () => {
    // The themes' colours as styles.css sets them (light-dark(light, dark)); the palette is the same in both.
    const themeColour = (name: string): [light: string, dark: string] => {
      const match = new RegExp(`--${name}: light-dark\\((#[0-9a-f]{6}), (#[0-9a-f]{6})\\)`, 'i').exec(styles);
      if (!match?.[1] || !match[2]) throw new Error(`styles.css sets no --${name} as light-dark(#rrggbb, #rrggbb)`);
      return [match[1], match[2]];
    };
    const grounds = [...themeColour('card'), ...themeColour('bg')];
    expect(grounds).toHaveLength(4);
    const MIN_BACKGROUND_DISTANCE = 0.2;
    const faint = PALETTE.flatMap((colour) =>
      grounds.filter((ground) => colorDistance(colour, ground) < MIN_BACKGROUND_DISTANCE).map((ground) => `${colour} on ${ground} (${colorDistance(colour, ground).toFixed(3)})`),
    );
    expect(faint, 'series colours that barely show on a theme background').toEqual([]);
  });

  it('measures colours in OKLab as its reference does', () => {
    const [l, a, b] = oklab('#ff0000');
    expect(l).toBeCloseTo(0.628, 3);
    expect(a).toBeCloseTo(0.2249, 3);
    expect(b).toBeCloseTo(0.1258, 3);
    expect(colorDistance('#ffffff', '#000000')).toBeCloseTo(1, 3);
    expect(colorDistance('#f38400', '#f38400')).toBe(0);
    expect(() => oklab('orange')).toThrow(/not a #rrggbb/);
  });

  it('says what "none" means for each grouping', () => {
    expect(groupLabel(null, 'model')).toBe('(no model named)');
    expect(groupLabel(null, 'account')).toBe('(no account tried)');
    expect(groupLabel(null, 'provider')).toBe('(refused before routing)');
    expect(groupLabel('', 'key')).toBe('(no key)');
    expect(groupLabel('claude-haiku-4-5', 'model')).toBe('claude-haiku-4-5');
  });

  it('names the one group a report sums its smaller groups into apart from "none"', () => {
    const report = parseUsageReport({
      from: 0,
      to: 1,
      bucket: 'day',
      groupBy: 'model',
      series: { buckets: [{ start: 0, groups: [group('opus'), group(null), { ...group(null, { requests: 7 }), other: true }] }] },
    });
    const chart = toChartData(report.series, 'day', 'requests', 'model');
    expect(chart.groups.map((g) => g.name)).toEqual(['(no model named)', '(other models)', 'opus']);
    expect(chart.rows[0]?.['(other models)']).toBe(7);
    expect(groupTotals(report.series, 'requests', 'key').map((g) => g.name)).toContain('(other keys)');
  });
});

describe('groupTotals', () => {
  it('sums per group across buckets and keeps unpriced as null only when all were unpriced', () => {
    const totals = groupTotals(series, 'requests', 'model');
    const sonnet = totals.find((g) => g.name === 'sonnet');
    expect(sonnet).toMatchObject({ requests: 2, costUsd: 0.5, unpricedRequests: 1 });
    expect(totals[0]?.name).toBe('opus');
    const onlyUnpriced = groupTotals({ buckets: [{ start: 0, groups: [group('x', { costUsd: null, unpricedRequests: 1 })] }] }, 'cost', 'model');
    expect(onlyUnpriced[0]?.costUsd).toBeNull();
  });
});

describe('usage-api', () => {
  it('aligns ranges to whole UTC buckets', () => {
    const now = Date.UTC(2026, 10, 23, 10, 30);
    expect(rangeWindow('48h', now)).toEqual({ from: Date.UTC(2026, 10, 21, 11), to: Date.UTC(2026, 10, 23, 11), bucket: 'hour' });
    expect(rangeWindow('30d', now)).toEqual({ from: Date.UTC(2026, 9, 25), to: Date.UTC(2026, 10, 24), bucket: 'day' });
    expect(rangeWindow('12m', now)).toEqual({ from: Date.UTC(2025, 11, 1), to: Date.UTC(2026, 11, 1), bucket: 'month' });
  });

  it('parses a report and rejects garbage', () => {
    const report = parseUsageReport({
      from: '2026-11-01T00:00:00.000Z',
      to: 2,
      bucket: 'hour',
      groupBy: 'model',
      costLabel: 'API-equivalent cost (USD)',
      totals: { requests: 3, costUsd: null, unpricedRequests: 3 },
      series: { buckets: [{ start: 5, groups: [{ name: 'm', requests: 3, costUsd: null, unpricedRequests: 3 }] }] },
    });
    expect(report.from).toBe(Date.UTC(2026, 10, 1));
    expect(report.totals.costUsd).toBeNull();
    expect(report.series.buckets[0]?.groups[0]).toMatchObject({ name: 'm', requests: 3, inputTokens: 0, costUsd: null });
    expect(() => parseUsageReport({ nope: true })).toThrow(/does not understand/);
  });
});
