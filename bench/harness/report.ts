/** The paths bench's results: their JSON shape, and the markdown tables the README shows. */
import type { LevelFidelity } from './fidelity.js';
import type { GoalRow } from './goals.js';

export interface Percentiles {
  p50: number;
  p99: number;
}

export interface PathResult {
  name: string;
  target: string;
  clientFormat: string;
  translated: boolean;
  note: string | null;
  notYetBuilt: string | null;
  /** Concurrency 1, interleaved with direct calls: what raw and the proxy add, ms. */
  latency?: { direct: Percentiles; addedRaw: Percentiles; addedProxy: Percentiles; firstDeltaDirect: Percentiles; firstDeltaAddedRaw: Percentiles; firstDeltaAddedProxy: Percentiles };
  /** Requests a second at the throughput concurrency. */
  throughput?: { direct: number; raw: number; proxy: number; failed: { direct: number; raw: number; proxy: number } };
  cpuUsPerRequest?: { raw: number; proxy: number };
  /** Paced streams by concurrency. */
  fidelity?: { streams: number; direct: LevelFidelity; proxy: LevelFidelity }[];
}

export interface BenchResults {
  date: string;
  quick: boolean;
  machine: { cpus: string; cores: number; node: string; loadAverage: number[] };
  settings: Record<string, number | number[]>;
  paths: PathResult[];
  rssMb: { proxyIdle: number; rawIdle: number; proxyPerOpenStream: number | null; openStreams: number; proxyAfterLoad: number; settleSeconds: number };
  coldStartMs: number[] | null;
  goals: GoalRow[];
}

const ms = (value: number) => (Math.abs(value) < 10 ? value.toFixed(3) : value.toFixed(1));
const pair = (value: Percentiles) => `${ms(value.p50)} / ${ms(value.p99)}`;

function fidelityCell(levels: NonNullable<PathResult['fidelity']>): string {
  return levels
    .map(({ streams, direct, proxy }) => {
      if (!direct.clean) return `${streams}: direct not clean`;
      if (proxy.clean) return `${streams}: clean`;
      return `${streams}: ${[proxy.failed && `${proxy.failed} failed`, proxy.dropped && `${proxy.dropped} dropped`, proxy.merged && `${proxy.merged} merged`, proxy.delayed && `${proxy.delayed} delayed`].filter(Boolean).join(', ')}`;
    })
    .join('<br>');
}

function pathRow(path: PathResult): string {
  const kind = path.translated ? 'translated' : 'passthrough';
  const label = `${path.name}${path.note ? ` (${path.note})` : ''}`;
  if (path.notYetBuilt !== null) return `| ${label} | ${kind} | not yet built: ${path.notYetBuilt} | | | | |`;
  if (!path.latency || !path.throughput || !path.cpuUsPerRequest) return `| ${label} | ${kind} | not measured in this run | | | | |`;
  const { latency, throughput, cpuUsPerRequest } = path;
  return [
    label,
    kind,
    `${pair(latency.addedProxy)} (raw ${pair(latency.addedRaw)})`,
    `${ms(latency.firstDeltaAddedProxy.p50)} (raw ${ms(latency.firstDeltaAddedRaw.p50)})`,
    `${throughput.proxy.toFixed(0)} / ${throughput.raw.toFixed(0)} / ${throughput.direct.toFixed(0)}`,
    `${cpuUsPerRequest.proxy.toFixed(0)} (raw ${cpuUsPerRequest.raw.toFixed(0)})`,
    path.fidelity ? fidelityCell(path.fidelity) : '',
  ]
    .join(' | ')
    .replace(/^/, '| ')
    .concat(' |');
}

export function markdownReport(results: BenchResults): string {
  const { machine, settings, rssMb } = results;
  const coldStart = results.coldStartMs;
  const lines = [
    `Run ${results.date}${results.quick ? ' in **quick mode** (short runs: a check of the harness, not figures to judge by)' : ''} on ${machine.cores} × ${machine.cpus}, Node ${machine.node}, load average before the run ${machine.loadAverage.map((load) => load.toFixed(2)).join(' ')}.`,
    `Settings: ${Object.entries(settings)
      .map(([name, value]) => `${name} ${Array.isArray(value) ? value.join('/') : value}`)
      .join(', ')}.`,
    '',
    `| Path | Kind | Added latency p50 / p99, ms | Added time to first token p50, ms | Throughput at c=${String(settings.concurrency)}, req/s: proxy / raw / direct | Proxy CPU per request, µs | Paced streams (concurrent: verdict) |`,
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...results.paths.map(pathRow),
    '',
    `Memory of the proxy process: idle ${rssMb.proxyIdle.toFixed(1)} MB after ${rssMb.settleSeconds} s at rest (raw pass-through ${rssMb.rawIdle.toFixed(1)} MB), ${rssMb.proxyPerOpenStream === null ? 'per open stream not measured' : `${(rssMb.proxyPerOpenStream * 1024).toFixed(0)} KB per open stream (${rssMb.openStreams} paced streams held open on the fresh process)`}, ${rssMb.proxyAfterLoad.toFixed(1)} MB ${rssMb.settleSeconds} s after the load.`,
    `Cold start, \`npm run serve\` → /health: ${coldStart === null ? 'not measured' : `${coldStart.map((value) => value.toFixed(0)).join(', ')} ms`}.`,
    '',
    '| Goal | Scope | Measured | Target | Ratio to raw | Verdict |',
    '| --- | --- | --- | --- | --- | --- |',
    ...results.goals.map((goal) => `| ${goal.goal} | ${goal.scope} | ${goal.value} | ${goal.target} | ${goal.ratioToRaw === null ? '' : goal.ratioToRaw.toFixed(2)} | ${goal.verdict} |`),
  ];
  return `${lines.join('\n')}\n`;
}

const TABLE_START = '<!-- bench:paths -->';
const TABLE_END = '<!-- /bench:paths -->';

/** The README with `markdown` between its bench markers (README "Performance"), replacing what was there. */
export function withLatestTable(readme: string, markdown: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`the README has no ${TABLE_START} … ${TABLE_END} markers for the table`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${markdown.trimEnd()}\n${readme.slice(end)}`;
}
