/**
 * Issue #15's goals, each judged met or not met from one run's figures, with the ratio to the raw node:http +
 * undici pass-through measured in the same run (the practical limit for a Node proxy on the same machine).
 */
import type { LevelFidelity } from './fidelity.js';
import { fidelityVerdict } from './fidelity.js';

export const GOALS = {
  throughputShareOfRaw: { passthrough: 0.7, translated: 0.5 },
  cpuUsPerRequest: { passthrough: 180, translated: 300 },
  addedP50TimesRaw: 1.3,
  idleRssMb: 80,
  rssAfterLoadOverIdle: 0.2,
  coldStartMs: 2000,
} as const;

/** One path's figures that the goals read (bench/paths.bench.ts measures them). */
export interface PathGoalFigures {
  name: string;
  translated: boolean;
  throughput: { raw: number; proxy: number };
  cpuUsPerRequest: { raw: number; proxy: number };
  /** Median latency each adds over the direct call, ms. */
  addedP50Ms: { raw: number; proxy: number };
}

export interface RunGoalFigures {
  paths: PathGoalFigures[];
  /** Each path's paced streams at each concurrency. */
  fidelity: { path: string; streams: number; direct: LevelFidelity; proxy: LevelFidelity }[];
  rssMb: { proxyIdle: number; rawIdle: number; proxyAfterLoad: number };
  coldStartMs: number | null;
}

export type Verdict = 'met' | 'not met' | 'not counted';

export interface GoalRow {
  goal: string;
  scope: string;
  value: string;
  target: string;
  /** The proxy's figure over raw's; null where raw has no such figure. */
  ratioToRaw: number | null;
  verdict: Verdict;
}

const met = (ok: boolean): Verdict => (ok ? 'met' : 'not met');
const ratio = (proxy: number, raw: number) => (raw > 0 && Number.isFinite(proxy) ? proxy / raw : null);

function pathGoals(path: PathGoalFigures): GoalRow[] {
  const kind = path.translated ? 'translated' : 'passthrough';
  const share = GOALS.throughputShareOfRaw[kind];
  const cpu = GOALS.cpuUsPerRequest[kind];
  const throughputRatio = ratio(path.throughput.proxy, path.throughput.raw);
  // Raw adding nothing measurable leaves no ratio: the proxy then meets the goal only by adding nothing either.
  const addedRatio = ratio(path.addedP50Ms.proxy, path.addedP50Ms.raw);
  const addedAllowance = GOALS.addedP50TimesRaw * Math.max(0, path.addedP50Ms.raw);
  return [
    {
      goal: `throughput ≥ ${share * 100} % of raw`,
      scope: path.name,
      value: `${path.throughput.proxy.toFixed(0)} req/s (raw ${path.throughput.raw.toFixed(0)})`,
      target: `≥ ${(share * path.throughput.raw).toFixed(0)} req/s`,
      ratioToRaw: throughputRatio,
      verdict: met(throughputRatio !== null && throughputRatio >= share),
    },
    {
      goal: `proxy CPU ≤ ${cpu} µs per request`,
      scope: path.name,
      value: `${path.cpuUsPerRequest.proxy.toFixed(0)} µs (raw ${path.cpuUsPerRequest.raw.toFixed(0)})`,
      target: `≤ ${cpu} µs`,
      ratioToRaw: ratio(path.cpuUsPerRequest.proxy, path.cpuUsPerRequest.raw),
      verdict: met(path.cpuUsPerRequest.proxy <= cpu),
    },
    {
      goal: `added p50 ≤ ${GOALS.addedP50TimesRaw} × raw's`,
      scope: path.name,
      value: `${path.addedP50Ms.proxy.toFixed(3)} ms (raw ${path.addedP50Ms.raw.toFixed(3)})`,
      target: `≤ ${addedAllowance.toFixed(3)} ms`,
      ratioToRaw: addedRatio,
      verdict: met(path.addedP50Ms.proxy <= addedAllowance),
    },
  ];
}

/**
 * One row per concurrency over every path: met when the proxy's streams were clean on every path whose direct
 * streams were; not counted when no path's direct streams were clean.
 */
function fidelityGoals(levels: RunGoalFigures['fidelity']): GoalRow[] {
  const concurrencies = [...new Set(levels.map((level) => level.streams))].sort((a, b) => a - b);
  return concurrencies.map((streams) => {
    const verdicts = levels.filter((level) => level.streams === streams).map((level) => ({ path: level.path, verdict: fidelityVerdict(level.direct, level.proxy) }));
    const counted = verdicts.filter((entry) => entry.verdict !== 'not counted');
    const broken = counted.filter((entry) => entry.verdict === 'not clean').map((entry) => entry.path);
    return {
      goal: 'paced streams clean wherever direct is',
      scope: `${streams} concurrent streams`,
      value: counted.length === 0 ? 'direct not clean on any path' : broken.length === 0 ? `clean on ${counted.length} of ${verdicts.length} paths counted` : `not clean: ${broken.join('; ')}`,
      target: 'no merged, delayed or dropped deltas',
      ratioToRaw: null,
      verdict: counted.length === 0 ? 'not counted' : met(broken.length === 0),
    };
  });
}

export function judgeGoals(figures: RunGoalFigures): GoalRow[] {
  const rows = figures.paths.flatMap(pathGoals);
  rows.push(...fidelityGoals(figures.fidelity));
  const { proxyIdle, rawIdle, proxyAfterLoad } = figures.rssMb;
  rows.push({
    goal: `idle RSS ≤ ${GOALS.idleRssMb} MB`,
    scope: 'proxy process',
    value: `${proxyIdle.toFixed(1)} MB (raw ${rawIdle.toFixed(1)})`,
    target: `≤ ${GOALS.idleRssMb} MB`,
    ratioToRaw: ratio(proxyIdle, rawIdle),
    verdict: met(proxyIdle <= GOALS.idleRssMb),
  });
  rows.push({
    goal: `RSS after load within ${GOALS.rssAfterLoadOverIdle * 100} % of idle`,
    scope: 'proxy process',
    value: `${proxyAfterLoad.toFixed(1)} MB (idle ${proxyIdle.toFixed(1)})`,
    target: `≤ ${(proxyIdle * (1 + GOALS.rssAfterLoadOverIdle)).toFixed(1)} MB`,
    ratioToRaw: null,
    verdict: met(proxyAfterLoad <= proxyIdle * (1 + GOALS.rssAfterLoadOverIdle)),
  });
  rows.push({
    goal: `cold start ≤ ${GOALS.coldStartMs / 1000} s`,
    scope: '`npm run serve` → /health',
    value: figures.coldStartMs === null ? 'not measured' : `${figures.coldStartMs.toFixed(0)} ms`,
    target: `≤ ${GOALS.coldStartMs} ms`,
    ratioToRaw: null,
    verdict: figures.coldStartMs === null ? 'not counted' : met(figures.coldStartMs <= GOALS.coldStartMs),
  });
  return rows;
}
