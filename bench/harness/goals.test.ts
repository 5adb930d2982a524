import { describe, expect, it } from 'vitest';
import { judgeLevel } from './fidelity.js';
import { judgeGoals, type PathGoalFigures, type RunGoalFigures } from './goals.js';

const clean = judgeLevel([{ dropped: 0, merged: 0, delayed: 0, worstLatenessMs: 1 }]);
const merged = judgeLevel([{ dropped: 0, merged: 2, delayed: 0, worstLatenessMs: 1 }]);

const passthrough: PathGoalFigures = {
  name: 'messages → Claude',
  translated: false,
  throughput: { raw: 1000, proxy: 700 },
  cpuUsPerRequest: { raw: 130, proxy: 180 },
  addedP50Ms: { raw: 0.2, proxy: 0.26 },
};

function run(overrides: Partial<RunGoalFigures> = {}): RunGoalFigures {
  return {
    paths: [passthrough],
    fidelity: [{ path: 'messages → Claude', streams: 1, direct: clean, proxy: clean }],
    rssMb: { proxyIdle: 70, rawIdle: 45, proxyAfterLoad: 84 },
    coldStartMs: 1500,
    ...overrides,
  };
}

const verdicts = (figures: RunGoalFigures) => Object.fromEntries(judgeGoals(figures).map((row) => [`${row.goal} · ${row.scope}`, row.verdict]));

describe('judgeGoals', () => {
  it('meets every goal exactly at its limit, with the ratios to raw', () => {
    const rows = judgeGoals(run());
    expect(rows.every((row) => row.verdict === 'met')).toBe(true);
    expect(rows.find((row) => row.goal.startsWith('throughput'))?.ratioToRaw).toBeCloseTo(0.7);
    expect(rows.find((row) => row.goal.startsWith('proxy CPU'))?.ratioToRaw).toBeCloseTo(180 / 130);
    expect(rows.find((row) => row.goal.startsWith('added p50'))?.ratioToRaw).toBeCloseTo(1.3);
  });

  it('misses each goal just past its limit', () => {
    const over = { ...passthrough, throughput: { raw: 1000, proxy: 699 }, cpuUsPerRequest: { raw: 130, proxy: 181 }, addedP50Ms: { raw: 0.2, proxy: 0.27 } };
    const judged = verdicts(run({ paths: [over], rssMb: { proxyIdle: 81, rawIdle: 45, proxyAfterLoad: 98 }, coldStartMs: 2001 }));
    expect(Object.values(judged).filter((verdict) => verdict === 'not met')).toHaveLength(6);
  });

  it('holds translated paths to their own, looser goals', () => {
    const translated = { ...passthrough, name: 'chat → Claude', translated: true, throughput: { raw: 1000, proxy: 500 }, cpuUsPerRequest: { raw: 130, proxy: 300 } };
    expect(judgeGoals(run({ paths: [translated] })).slice(0, 2).map((row) => row.verdict)).toEqual(['met', 'met']);
    const slower = { ...translated, throughput: { raw: 1000, proxy: 499 }, cpuUsPerRequest: { raw: 130, proxy: 301 } };
    expect(judgeGoals(run({ paths: [slower] })).slice(0, 2).map((row) => row.verdict)).toEqual(['not met', 'not met']);
  });

  it('judges each concurrency over the paths whose direct streams were clean', () => {
    const judged = judgeGoals(
      run({
        fidelity: [
          { path: 'a', streams: 16, direct: merged, proxy: merged },
          { path: 'b', streams: 16, direct: clean, proxy: clean },
          { path: 'a', streams: 64, direct: clean, proxy: merged },
          { path: 'b', streams: 64, direct: clean, proxy: clean },
          { path: 'a', streams: 256, direct: merged, proxy: clean },
        ],
      }),
    ).filter((row) => row.goal.startsWith('paced'));
    expect(judged.map((row) => [row.scope, row.verdict, row.value])).toEqual([
      ['16 concurrent streams', 'met', 'clean on 1 of 2 paths counted'],
      ['64 concurrent streams', 'not met', 'not clean: a'],
      ['256 concurrent streams', 'not counted', 'direct not clean on any path'],
    ]);
  });

  it('gives no ratio where raw added nothing, and then allows the proxy nothing either', () => {
    const rows = judgeGoals(run({ paths: [{ ...passthrough, addedP50Ms: { raw: -0.01, proxy: 0.01 } }] }));
    const added = rows.find((row) => row.goal.startsWith('added p50'))!;
    expect(added).toMatchObject({ ratioToRaw: null, verdict: 'not met' });
  });

  it('does not count a cold start that was not measured', () => {
    expect(verdicts(run({ coldStartMs: null }))['cold start ≤ 2 s · `npm run serve` → /health']).toBe('not counted');
  });
});
