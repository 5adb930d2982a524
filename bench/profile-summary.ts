/**
 * Where the proxy's CPU goes, from a profile the paths bench wrote (BENCH_CPU_PROF=<folder>):
 * `node --import tsx bench/profile-summary.ts <file>.cpuprofile`. Each sample's time goes to the nearest frame of
 * the stack that is Switchboard's own code (by folder, e.g. proxy/usage) or a library (by package); a sample with
 * neither — Node's HTTP server, socket writes, the garbage collector — goes to its own frame's name. With `--steps`,
 * each sample goes instead to the step of a request it was spent on (STEPS: the nearest frame of the stack that one of
 * them names), so a socket write counts for the relay that wrote, a SQLite call for the ledger that asked. The
 * README's "Performance" section quotes these tables.
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

/**
 * The steps of a request, each named by the code that does it (matched against `<function> <url>`), nearest first:
 * a sample goes to the first step that names a frame of its stack, walking from the sample up.
 */
export const STEPS: readonly { step: string; code: RegExp }[] = [
  { step: 'socket writes (system calls)', code: /^(writev|writeBuffer|writeUtf8String|writeLatin1String) $/ },
  { step: 'usage ledger: journal line, SQLite rows, price', code: /\/proxy\/usage\/(usage-queue|usage-ledger|pricing|price-catalog)\.js/ },
  { step: 'key check: hash, SQLite lookup', code: /\/proxy\/http\/security\/api-key\.js|\/proxy\/usage\/key-store\.js|\/proxy\/keys\// },
  { step: 'key policy: quote, budget read from SQLite', code: /\/proxy\/http\/security\/(key-policy|request-quote)\.js|\/proxy\/usage\/(key-policy|usage-stats)\.js/ },
  { step: 'request log', code: /\/proxy\/http\/request-log\.js|\/proxy\/log\.js|node_modules\/(pino|sonic-boom|@pinojs)/ },
  { step: 'request id, host check, CORS, rate limit', code: /\/proxy\/http\/security\/|node_modules\/(cors|express-rate-limit)\// },
  { step: 'request body: read, depth check, JSON', code: /\/proxy\/http\/(json-body|json-depth)\.js|node_modules\/(body-parser|raw-body|iconv-lite|type-is|content-type)\// },
  { step: 'stream: opening held, relayed, watched', code: /\/proxy\/(http\/relay|http\/sse-writer|protocols\/stream-opening|protocols\/passthrough-watches|protocols\/[^/]+\/passthrough-watch|wire\/sse)\.js|node_modules\/eventsource-parser\// },
  { step: 'upstream call: undici, headers', code: /\/proxy\/upstream\/|node_modules\/undici\/|node:internal\/deps\/undici/ },
  { step: 'route: body check, routing, account choice, provider edits', code: /\/proxy\/(http\/routes|http\/validate-body|http\/model-name-bound|router|accounts|providers)\// },
  { step: 'Express', code: /node_modules\/(express|router|finalhandler|send|serve-static|on-finished|path-to-regexp)\// },
];

/** The step a stack names, from its frames nearest first; null when none does. */
export function stepOf(frames: readonly { functionName: string; url: string }[]): string | null {
  for (const frame of frames) {
    const named = STEPS.find((each) => each.code.test(`${frame.functionName} ${frame.url}`));
    if (named) return named.step;
  }
  return null;
}

export function summarizeSteps(profile: Profile): { part: string; share: number }[] {
  return shares(profile, (stack) => stepOf(stack.map((node) => node.callFrame)) ?? (stack[0]!.callFrame.functionName === '(garbage collector)' ? 'garbage collector' : 'Node: HTTP parsing, event loop, other'));
}

export function summarize(profile: Profile): { part: string; share: number }[] {
  return shares(profile, (stack) => {
    for (const node of stack) {
      const part = partOf(node.callFrame.url);
      if (part) return part;
    }
    return `node: ${stack[0]!.callFrame.functionName || '(anonymous)'}`;
  });
}

/** Each busy sample's time given to the name `nameOf` finds for its stack (the sample's own frame first). */
function shares(profile: Profile, nameOf: (stack: ProfileNode[]) => string): { part: string; share: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const leaf = byId.get(id);
    if (!leaf || leaf.callFrame.functionName === '(idle)') return;
    const stack: ProfileNode[] = [];
    for (let node: ProfileNode | undefined = leaf; node; node = byId.get(parentOf.get(node.id) ?? -1)) stack.push(node);
    const name = nameOf(stack);
    totals.set(name, (totals.get(name) ?? 0) + delta);
    all += delta;
  });
  return [...totals].map(([part, time]) => ({ part, share: time / all })).sort((a, b) => b.share - a.share);
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  const bySteps = process.argv.includes('--steps');
  const file = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
  if (!file) throw new Error('usage: node --import tsx bench/profile-summary.ts [--steps] <file>.cpuprofile');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const rows = (bySteps ? summarizeSteps(profile) : summarize(profile)).filter((row) => row.share >= 0.005);
  console.log([`| ${bySteps ? 'Step' : 'Part'} | Share of busy CPU |`, '| --- | --- |', ...rows.map((row) => `| ${row.part} | ${(row.share * 100).toFixed(1)} % |`)].join('\n'));
}
