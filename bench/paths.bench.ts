/**
 * Issue #15: every path through Switchboard measured in one run against its baselines, straight to the upstream
 * (direct) and through a raw node:http + undici pass-through (raw), each in a process of its own. Prints the table; a
 * whole run (not quick, every path, every part) writes bench/results/paths.json and paths.md and puts the table into
 * the README ("Performance"), any other run writes bench/results/paths-partial.json and .md. `npm run bench paths`; not part of `npm test`. The paths are
 * listed in bench/harness/paths.ts, the goals in bench/harness/goals.ts.
 *
 * BENCH_QUICK=1: short runs, to check the harness (the figures are then not worth judging);
 * BENCH_SETTLE_S: how long the proxies rest before the idle memory is measured, and after the load before it is measured again (default 60, quick 5);
 * BENCH_PATH=<part of a name, any case>: only the paths it names (a whole name: that path alone); BENCH_FIDELITY=0, BENCH_COLD_START=0: without those parts;
 * BENCH_THROUGHPUT_S: seconds of each throughput run (default 10, quick 1);
 * BENCH_CPU_PROF=<folder>: the proxy writes a CPU profile (node --cpu-prof) there when the bench stops it.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bundledChild } from './harness/bundled-child.js';
import { closedLoop, openPool, timedRequest, type Endpoint } from './harness/client.js';
import { measureColdStart } from './harness/cold-start.js';
import { CONNECT_STREAM_TYPE } from './harness/cursor-frames.js';
import { judgeLevel, judgeStream, type LevelFidelity } from './harness/fidelity.js';
import { judgeGoals } from './harness/goals.js';
import { isBuilt, PATHS, type BenchPath, type BuiltPath, type ClientFormat } from './harness/paths.js';
import { cpuMs, rssMb, steadyRssMb } from './harness/proc.js';
import { markdownReport, withLatestTable, type BenchResults, type PathResult } from './harness/report.js';
import { ROOT } from './harness/serve.js';
import { addedOver, median, percentile } from './harness/stats.js';
import { startSwitchboard } from './harness/switchboard.js';
import { TARGETS } from './harness/targets.js';
import { PACE_MS, PACED_DELTAS, UPSTREAMS, type UpstreamMode, type UpstreamUrls } from './harness/upstream.js';
import type { UpstreamProtocol } from './harness/upstream-frames.js';

const QUICK = process.env.BENCH_QUICK === '1';
const ONLY = process.env.BENCH_PATH?.toLowerCase();

/** A name that is one path's whole name chooses that path alone, so a path whose name another extends can be run by itself. */
function isChosen(path: BenchPath): boolean {
  if (!ONLY) return true;
  const exact = PATHS.some((candidate) => candidate.name.toLowerCase() === ONLY);
  return exact ? path.name.toLowerCase() === ONLY : path.name.toLowerCase().includes(ONLY);
}
const SETTINGS = {
  latencyRounds: QUICK ? 40 : 1000,
  warmupMs: QUICK ? 300 : 3000,
  throughputMs: Number(process.env.BENCH_THROUGHPUT_S ?? (QUICK ? 1 : 10)) * 1000,
  concurrency: 64,
  streamsForRss: 256,
  fidelityLevels: process.env.BENCH_FIDELITY === '0' ? [] : [1, 16, 64, 256],
  /** A paced delta read later than this after it was written counts as delayed: one pacing interval. */
  lateMs: PACE_MS,
  settleSeconds: Number(process.env.BENCH_SETTLE_S ?? (QUICK ? 5 : 60)),
  coldStartRuns: process.env.BENCH_COLD_START === '0' ? 0 : QUICK ? 1 : 5,
};
/** Enough connections for the largest fidelity level. */
const CONNECTIONS = Math.max(SETTINGS.concurrency, ...SETTINGS.fidelityLevels);
const FAST_DELTAS_SEEN = 16;

async function setMode(upstream: ChildProcess, mode: UpstreamMode): Promise<void> {
  const acknowledged = new Promise((resolve) => upstream.once('message', resolve));
  upstream.send({ mode });
  await acknowledged;
}

function clientHeaders(format: ClientFormat, key: string): Record<string, string> {
  const common = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  return format === 'anthropic-messages' ? { ...common, 'anthropic-version': '2023-06-01' } : common;
}

function upstreamHeaders(protocol: UpstreamProtocol): Record<string, string> {
  // Cursor's Run is Connect streaming: the request is frames of protobuf.
  if (protocol === 'cursor-agent') return { authorization: 'Bearer bench-cursor-access-token', 'content-type': CONNECT_STREAM_TYPE, 'connect-protocol-version': '1' };
  return clientHeaders(protocol === 'anthropic-messages' ? 'anthropic-messages' : 'openai-responses', 'sk-bench-upstream-key');
}

const encoded = (body: object | Buffer): Buffer => (Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body)));

interface PathEndpoints {
  path: BuiltPath;
  direct: Endpoint;
  raw: Endpoint;
  proxy: Endpoint;
}

type Kind = 'direct' | 'raw' | 'proxy';
const KINDS: readonly Kind[] = ['direct', 'raw', 'proxy'];

/** One request on each of the three ways, each answered 200 with the whole zero-delay answer. */
async function checkPath(endpoints: PathEndpoints): Promise<void> {
  for (const kind of KINDS) {
    const answer = await timedRequest(endpoints[kind]);
    if (answer.status !== 200 || answer.scanner.sightings.length !== FAST_DELTAS_SEEN) {
      throw new Error(`${endpoints.path.name}, ${kind}: answered ${answer.status} with ${answer.scanner.sightings.length} deltas: ${answer.head}`);
    }
  }
}

/** Concurrency 1, the three ways in turn (the order rotating), so drift in the machine falls on all of them alike. */
async function measureLatency(endpoints: PathEndpoints): Promise<NonNullable<PathResult['latency']>> {
  const total: Record<Kind, number[]> = { direct: [], raw: [], proxy: [] };
  const firstDelta: Record<Kind, number[]> = { direct: [], raw: [], proxy: [] };
  for (let round = 0; round < SETTINGS.latencyRounds; round++) {
    const timed: Partial<Record<Kind, { totalMs: number; firstDeltaMs: number }>> = {};
    for (let turn = 0; turn < KINDS.length; turn++) {
      const kind = KINDS[(round + turn) % KINDS.length] as Kind;
      const answer = await timedRequest(endpoints[kind]);
      if (answer.status !== 200 || answer.firstDeltaMs === null) throw new Error(`${endpoints.path.name}, ${kind}: answered ${answer.status}: ${answer.head}`);
      timed[kind] = { totalMs: answer.totalMs, firstDeltaMs: answer.firstDeltaMs };
    }
    for (const kind of KINDS) {
      total[kind].push(timed[kind]!.totalMs);
      firstDelta[kind].push(timed[kind]!.firstDeltaMs);
    }
  }
  const spread = (samples: number[]) => ({ p50: percentile(samples, 50), p99: percentile(samples, 99) });
  return {
    direct: spread(total.direct),
    addedRaw: addedOver(total.raw, total.direct),
    addedProxy: addedOver(total.proxy, total.direct),
    firstDeltaDirect: spread(firstDelta.direct),
    firstDeltaAddedRaw: addedOver(firstDelta.raw, firstDelta.direct),
    firstDeltaAddedProxy: addedOver(firstDelta.proxy, firstDelta.direct),
  };
}

/** Requests a second at the bench concurrency, and the CPU the process in between used per request. */
async function measureThroughput(endpoints: PathEndpoints, pids: { raw: number; proxy: number }) {
  const perSecond: Record<Kind, number> = { direct: 0, raw: 0, proxy: 0 };
  const failed: Record<Kind, number> = { direct: 0, raw: 0, proxy: 0 };
  const cpuUsPerRequest = { raw: 0, proxy: 0 };
  for (const kind of KINDS) {
    await closedLoop(endpoints[kind], SETTINGS.concurrency, SETTINGS.warmupMs);
    const pid = kind === 'direct' ? null : pids[kind];
    const cpuBefore = pid === null ? 0 : cpuMs(pid);
    const loop = await closedLoop(endpoints[kind], SETTINGS.concurrency, SETTINGS.throughputMs);
    if (pid !== null && kind !== 'direct') cpuUsPerRequest[kind] = ((cpuMs(pid) - cpuBefore) * 1000) / Math.max(1, loop.completed);
    perSecond[kind] = loop.perSecond;
    failed[kind] = loop.failed;
  }
  return { throughput: { ...perSecond, failed }, cpuUsPerRequest };
}

/** `streams` paced streams at once; with `sampleRss`, the process's RSS halfway through them. */
async function pacedLevel(endpoint: Endpoint, streams: number, sampleRss?: number): Promise<{ fidelity: LevelFidelity; rssMidMb: number | null }> {
  let rssMidMb: number | null = null;
  const halfway = sampleRss === undefined ? null : setTimeout(() => (rssMidMb = rssMb(sampleRss)), (PACED_DELTAS * PACE_MS) / 2);
  const judged = await Promise.all(
    Array.from({ length: streams }, async () => {
      const answer = await timedRequest(endpoint).catch(() => null);
      return answer?.status === 200 ? judgeStream(answer.scanner.sightings, PACED_DELTAS, SETTINGS.lateMs) : null;
    }),
  );
  if (halfway) clearTimeout(halfway);
  return { fidelity: judgeLevel(judged), rssMidMb };
}

async function measureFidelity(endpoints: PathEndpoints): Promise<NonNullable<PathResult['fidelity']>> {
  const levels: NonNullable<PathResult['fidelity']> = [];
  for (const streams of SETTINGS.fidelityLevels) {
    const direct = await pacedLevel(endpoints.direct, streams);
    const proxy = await pacedLevel(endpoints.proxy, streams);
    levels.push({ streams, direct: direct.fidelity, proxy: proxy.fidelity });
  }
  return levels;
}

/**
 * What one open stream costs the proxy's memory: `streamsForRss` paced streams held open on the fresh process,
 * before any load has grown its heap (a grown heap would take them in without growing).
 */
async function rssPerOpenStream(upstream: ChildProcess, endpoint: Endpoint, proxyPid: number): Promise<number | null> {
  await setMode(upstream, 'paced');
  const before = await steadyRssMb(proxyPid);
  const { rssMidMb } = await pacedLevel(endpoint, SETTINGS.streamsForRss, proxyPid);
  await setMode(upstream, 'fast');
  return rssMidMb === null ? null : (rssMidMb - before) / SETTINGS.streamsForRss;
}

async function main(): Promise<void> {
  const loadAverage = loadavg();
  const upstream = await bundledChild<{ urls: UpstreamUrls }>('upstream.ts', ['upstream']);
  const raw = await bundledChild<{ urls: UpstreamUrls }>('raw-proxy.ts', ['raw-proxy', JSON.stringify(upstream.first.urls)]);
  const switchboard = await startSwitchboard(upstream.first.urls, process.env.BENCH_CPU_PROF);
  const pools = {
    direct: Object.fromEntries(Object.entries(upstream.first.urls).map(([protocol, url]) => [protocol, openPool(url, CONNECTIONS)])) as Record<UpstreamProtocol, ReturnType<typeof openPool>>,
    raw: Object.fromEntries(Object.entries(raw.first.urls).map(([protocol, url]) => [protocol, openPool(url, CONNECTIONS)])) as Record<UpstreamProtocol, ReturnType<typeof openPool>>,
    proxy: openPool(switchboard.url, CONNECTIONS),
  };
  const results: PathResult[] = [];
  const memory: { proxyIdle: number; rawIdle: number; proxyPerOpenStream: number | null; proxyAfterLoad: number } = { proxyIdle: 0, rawIdle: 0, proxyPerOpenStream: null, proxyAfterLoad: 0 };
  try {
    const built = PATHS.filter(isBuilt).filter(isChosen).map((path): PathEndpoints => {
      const upstreamRequest = { path: UPSTREAMS[path.upstream].modelPath, headers: upstreamHeaders(path.upstream), body: encoded(path.upstreamBody()) };
      return {
        path,
        direct: { pool: pools.direct[path.upstream], ...upstreamRequest },
        raw: { pool: pools.raw[path.upstream], ...upstreamRequest },
        proxy: { pool: pools.proxy, path: path.endpoint, headers: clientHeaders(path.clientFormat, switchboard.clientKey), body: Buffer.from(JSON.stringify(path.body())) },
      };
    });
    // One request on every path each way (every module the paths need is loaded), then both proxies at rest as long
    // as after the load: V8 gives back the young generation that start-up grew only after some quiet (~30 s).
    for (const endpoints of built) await checkPath(endpoints);
    console.log(`waiting ${SETTINGS.settleSeconds} s for the memory at rest`);
    await sleep(SETTINGS.settleSeconds * 1000);
    memory.proxyIdle = await steadyRssMb(switchboard.pid);
    memory.rawIdle = await steadyRssMb(raw.process.pid!);
    if (built[0]) memory.proxyPerOpenStream = await rssPerOpenStream(upstream.process, built[0].proxy, switchboard.pid);
    // Every path warmed before it is measured: the JIT compiles what the load runs.
    for (const endpoints of built) for (const kind of KINDS) await closedLoop(endpoints[kind], 8, SETTINGS.warmupMs);

    const measured = new Map<BuiltPath, PathResult>();
    for (const endpoints of built) {
      console.log(`latency and throughput: ${endpoints.path.name}`);
      const latency = await measureLatency(endpoints);
      const { throughput, cpuUsPerRequest } = await measureThroughput(endpoints, { raw: raw.process.pid!, proxy: switchboard.pid });
      measured.set(endpoints.path, { ...describe(endpoints.path), latency, throughput, cpuUsPerRequest });
    }
    await setMode(upstream.process, 'paced');
    for (const endpoints of SETTINGS.fidelityLevels.length > 0 ? built : []) {
      console.log(`paced streams: ${endpoints.path.name}`);
      measured.get(endpoints.path)!.fidelity = await measureFidelity(endpoints);
    }
    await setMode(upstream.process, 'fast');
    console.log(`waiting ${SETTINGS.settleSeconds} s for the memory after the load`);
    await sleep(SETTINGS.settleSeconds * 1000);
    memory.proxyAfterLoad = await steadyRssMb(switchboard.pid);
    for (const path of PATHS) results.push(measured.get(path as BuiltPath) ?? describe(path));
  } finally {
    await Promise.all([pools.proxy.close(), ...Object.values(pools.direct).map((pool) => pool.close()), ...Object.values(pools.raw).map((pool) => pool.close())]);
    await switchboard.stop();
    raw.process.kill();
    upstream.process.kill();
  }

  const coldStartMs = SETTINGS.coldStartRuns > 0 ? (await measureColdStart(SETTINGS.coldStartRuns)).healthMs : null;
  const report: BenchResults = {
    date: new Date().toISOString(),
    quick: QUICK,
    machine: { cpus: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, loadAverage },
    settings: { ...SETTINGS, pacedDeltas: PACED_DELTAS, paceMs: PACE_MS },
    paths: results,
    rssMb: { ...memory, openStreams: SETTINGS.streamsForRss, settleSeconds: SETTINGS.settleSeconds },
    coldStartMs,
    goals: judgeGoals({
      paths: results.flatMap((path) =>
        path.latency && path.throughput && path.cpuUsPerRequest
          ? [{ name: path.name, translated: path.translated, throughput: path.throughput, cpuUsPerRequest: path.cpuUsPerRequest, addedP50Ms: { raw: path.latency.addedRaw.p50, proxy: path.latency.addedProxy.p50 } }]
          : [],
      ),
      fidelity: results.flatMap((path) => (path.fidelity ?? []).map((level) => ({ path: path.name, ...level }))),
      rssMb: memory,
      coldStartMs: coldStartMs === null ? null : median(coldStartMs),
    }),
  };
  const markdown = markdownReport(report);
  const folder = join(ROOT, 'bench/results');
  mkdirSync(folder, { recursive: true });
  // Only a whole run is the record (bench/results/paths.*, the README's table): a quick or partial one is a check of
  // the harness or one path's profile, kept beside it (paths-partial.*, not committed) so it never overwrites the record.
  const whole = !QUICK && !ONLY && SETTINGS.fidelityLevels.length > 0 && coldStartMs !== null;
  const name = whole ? 'paths' : 'paths-partial';
  writeFileSync(join(folder, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(folder, `${name}.md`), markdown);
  if (whole) {
    const readme = join(ROOT, 'README.md');
    writeFileSync(readme, withLatestTable(readFileSync(readme, 'utf8'), markdown));
  }
  console.log(`\n${markdown}`);
}

function describe(path: (typeof PATHS)[number]): PathResult {
  return { name: path.name, target: isBuilt(path) ? TARGETS[path.target].label : path.target, clientFormat: path.clientFormat, translated: path.translated, note: path.note ?? null, notYetBuilt: isBuilt(path) ? null : path.notYetBuilt };
}

await main();
