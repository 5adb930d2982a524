import { describe, expect, it } from 'vitest';
import { formatAgo, formatClock, formatCompactCount, formatCost, formatCount, formatDateTime, formatDay, formatDuration, formatMoney, formatResetCountdown, formatTime, formatTokens, plural } from './format';

describe('formatMoney', () => {
  it('shows unpriced for null, never $0', () => {
    expect(formatMoney(null)).toBe('unpriced');
    expect(formatMoney(undefined)).toBe('unpriced');
  });
  it('formats dollars', () => {
    expect(formatMoney(0)).toBe('$0.00');
    expect(formatMoney(0.004)).toBe('< $0.01');
    expect(formatMoney(1234.5)).toBe('$1,234.50');
  });
  it('mentions unpriced requests', () => {
    expect(formatMoney(2, 3)).toBe('$2.00 + 3 unpriced requests');
    expect(formatMoney(2, 1)).toBe('$2.00 + 1 unpriced request');
  });
});

describe('formatCost', () => {
  it('never shows unpriced as $0, and keeps sub-cent amounts apart', () => {
    expect(formatCost(null, 3)).toBe('unpriced');
    expect(formatCost(null)).toBe('—');
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(12.5)).toBe('$12.50');
    expect(formatCost(0.0042)).toBe('$0.0042');
  });
});

describe('counts', () => {
  it('formats counts, compact ones and plurals', () => {
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCompactCount(1234.4)).toBe('1,234');
    expect(formatCompactCount(2_500_000)).toBe('2.5M');
    expect(formatCompactCount(1_234_567)).toBe('1.23M');
    expect(plural(1, 'request')).toBe('1 request');
    expect(plural(1200, 'request')).toBe('1,200 requests');
  });
});

describe('formatTokens', () => {
  it('abbreviates', () => {
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(12_345)).toBe('12.3 k');
    expect(formatTokens(4_500_000)).toBe('4.5 M');
    expect(formatTokens(2_000_000)).toBe('2 M');
    expect(formatTokens(null)).toBe('—');
  });
});

describe('countdowns', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  it('formats durations', () => {
    expect(formatDuration((2 * 60 + 14) * 60_000)).toBe('2 h 14 min');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration((3 * 24 + 4) * 3_600_000)).toBe('3 d 4 h');
    expect(formatDuration(-5)).toBe('now');
  });
  it('formats reset countdowns from ISO strings and numbers', () => {
    expect(formatResetCountdown(new Date(now + (2 * 60 + 14) * 60_000 + 30_000).toISOString(), now)).toBe('resets in 2 h 14 min');
    expect(formatResetCountdown(now - 1000, now)).toBe('resets now');
    expect(formatResetCountdown(null, now)).toBe('reset time unknown');
    expect(formatResetCountdown('garbage', now)).toBe('reset time unknown');
  });
  it('formats time ago', () => {
    expect(formatAgo(null, now)).toBe('never');
    expect(formatAgo(now - 10_000, now)).toBe('just now');
    expect(formatAgo(now - 5 * 60_000, now)).toBe('5 min ago');
  });
});

describe('times: one 24-hour format everywhere', () => {
  // Local-time constructors, so the expectations hold in any time zone the tests run in.
  const now = new Date(2026, 10, 23, 15, 0).getTime();

  it('writes the clock with 24 hours, never AM/PM', () => {
    expect(formatClock(new Date(2026, 10, 23, 0, 7, 3).getTime())).toBe('00:07');
    expect(formatClock(new Date(2026, 10, 23, 13, 5, 9).getTime(), { seconds: true })).toBe('13:05:09');
    expect(formatClock(new Date(2026, 10, 23, 23, 59).getTime())).toBe('23:59');
    expect(formatClock(Date.UTC(2026, 0, 5, 19, 30), { utc: true })).toBe('19:30');
  });

  it('shows only the clock for today, the day before, and the year only when it is not this one', () => {
    expect(formatTime(new Date(2026, 10, 23, 14, 5, 9).getTime(), now, { seconds: true })).toBe('14:05:09');
    expect(formatTime(new Date(2026, 10, 21, 14, 5, 9).getTime(), now, { seconds: true })).toBe('21 Nov 14:05');
    expect(formatTime(new Date(2025, 11, 31, 18, 0).getTime(), now)).toBe('31 Dec 2025 18:00');
    expect(formatTime(Date.UTC(2026, 0, 5, 7), Date.UTC(2026, 0, 6), { utc: true })).toBe('5 Jan 07:00');
  });

  it('writes days and whole moments the same way', () => {
    expect(formatDay(new Date(2026, 0, 5).getTime())).toBe('5 Jan');
    expect(formatDay(new Date(2026, 0, 5).getTime(), { year: true })).toBe('5 Jan 2026');
    expect(formatDateTime(new Date(2026, 10, 21, 9, 5, 9).getTime())).toBe('2026-11-21 09:05:09');
  });
});
