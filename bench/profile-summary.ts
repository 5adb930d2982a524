/**
 * Where the proxy's CPU goes, from a profile the paths bench wrote (BENCH_CPU_PROF=<folder>):
 * `node --import tsx bench/profile-summary.ts <file>.cpuprofile`. Each sample's time goes to the nearest frame of
 * the stack that is Switchboard's own code (by folder, e.g. proxy/usage) or a library (by package); a sample with
 * neither — Node's HTTP server, socket writes, the garbage collector — goes to its own frame's name. The README's
 * "Performance" section quotes this table.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The part of the code a frame belongs to, or null for Node's own internals and native frames. */
export function partOf(url: string): string | null {
  const library = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (library) return library;
  if (url.includes('node:internal/deps/undici')) return 'undici';
  const own = /\/dist\/((?:proxy|main)\/.*)$/.exec(url)?.[1];
  return own ? own.split('/').slice(0, -1).slice(0, 2).join('/') : null;
}

export function summarize(profile: Profile): { part: string; share: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const leaf = byId.get(id);
    if (!leaf || leaf.callFrame.functionName === '(idle)') return;
    let part: string | null = null;
    for (let node: ProfileNode | undefined = leaf; node && part === null; node = byId.get(parentOf.get(node.id) ?? -1)) part = partOf(node.callFrame.url);
    const name = part ?? `node: ${leaf.callFrame.functionName || '(anonymous)'}`;
    totals.set(name, (totals.get(name) ?? 0) + delta);
    all += delta;
  });
  return [...totals].map(([part, time]) => ({ part, share: time / all })).sort((a, b) => b.share - a.share);
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node --import tsx bench/profile-summary.ts <file>.cpuprofile');
  const rows = summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile).filter((row) => row.share >= 0.005);
  console.log(['| Part | Share of busy CPU |', '| --- | --- |', ...rows.map((row) => `| ${row.part} | ${(row.share * 100).toFixed(1)} % |`)].join('\n'));
}
