import type { z } from 'zod';

/** A configuration problem, said so the owner can fix it: the key, what is wrong, and what to write instead. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function describeConfigIssues(issues: readonly z.core.$ZodIssue[], knownKeysAt: (path: PropertyKey[]) => string[]): string[] {
  return issues.map((issue) => {
    const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys
          .map((unknown) => {
            const where = [...issue.path, unknown].join('.');
            const suggestion = closest(unknown, knownKeysAt(issue.path));
            return suggestion
              ? `${where}: unknown key — did you mean "${suggestion}"?`
              : `${where}: unknown key — remove it (known keys here: ${knownKeysAt(issue.path).join(', ')})`;
          })
          .join('\n  - ');
      case 'invalid_type':
        return `${key}: ${issue.input === undefined ? 'is required' : `expected ${issue.expected}, got ${describe(issue.input)}`} — fix: write a ${issue.expected}`;
      case 'invalid_value':
        return `${key}: ${describe(issue.input)} is not allowed — fix: use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
      case 'too_small':
      case 'too_big':
        return `${key}: ${issue.message}`;
      default:
        return `${key}: ${issue.message}`;
    }
  });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${String(value)}`;
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= Math.max(2, Math.floor(candidate.length / 3)) && (!best || distance < best.distance)) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
