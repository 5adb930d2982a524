/**
 * Finding the bench upstreams' text deltas in an answer, whatever format the proxy turned it into: each delta's
 * text carries `~d<index>~` (or, paced, `~d<index>@<ms sent>~`; bench/harness/upstream.ts), and the client notes
 * when and in which read each index first shows up. A protocol that repeats the whole text when it closes the
 * stream repeats indices already seen, which count once.
 */

export interface DeltaSighting {
  index: number;
  /** When the upstream wrote it (ms since the epoch); null for a zero-delay answer. */
  sentAt: number | null;
  /** When the client read it (ms since the epoch). */
  receivedAt: number;
  /** Which read of the answer held it (0, 1, …). */
  read: number;
}

const MARKER = /~d(\d+)(?:@(\d+(?:\.\d+)?))?~/g;
/** Longer than any marker: a marker cut between two reads is found whole in the second. */
const CARRY = 48;

export class DeltaScanner {
  readonly sightings: DeltaSighting[] = [];
  private readonly seen = new Set<number>();
  private carry = '';
  private reads = 0;

  /** One read of the answer, as it arrived. */
  scan(chunk: Buffer | string, receivedAt: number): void {
    const text = this.carry + (typeof chunk === 'string' ? chunk : chunk.toString('latin1'));
    const read = this.reads++;
    for (const match of text.matchAll(MARKER)) {
      const index = Number(match[1]);
      if (this.seen.has(index)) continue;
      this.seen.add(index);
      this.sightings.push({ index, sentAt: match[2] === undefined ? null : Number(match[2]), receivedAt, read });
    }
    this.carry = text.slice(-CARRY);
  }

  /** When the first delta was read; null before any. */
  get firstAt(): number | null {
    return this.sightings[0]?.receivedAt ?? null;
  }
}
