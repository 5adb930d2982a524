/**
 * Frame fidelity of a paced stream (issue #15): the upstream writes each delta on its own, PACE_MS apart; the client
 * must get each on its own too and about when it was written. A delta is
 * - dropped when it never arrives,
 * - merged when it arrives in one read with another delta that was written apart from it,
 * - delayed when it arrives more than `lateMs` after it was written (then it travels with the next one in spirit).
 * A run of streams at one concurrency is clean when none of its streams has any of these.
 */
import type { DeltaSighting } from './delta-markers.js';

export interface StreamFidelity {
  dropped: number;
  merged: number;
  delayed: number;
  /** The latest arrival after writing, in ms. */
  worstLatenessMs: number;
}

export interface LevelFidelity extends StreamFidelity {
  streams: number;
  /** Streams that failed outright (an error status, a broken connection). */
  failed: number;
  clean: boolean;
}

export function judgeStream(sightings: readonly DeltaSighting[], expected: number, lateMs: number): StreamFidelity {
  const perRead = new Map<number, number>();
  for (const sighting of sightings) perRead.set(sighting.read, (perRead.get(sighting.read) ?? 0) + 1);
  let merged = 0;
  let delayed = 0;
  let worstLatenessMs = 0;
  for (const sighting of sightings) {
    if ((perRead.get(sighting.read) ?? 0) > 1) merged++;
    const lateness = sighting.sentAt === null ? 0 : sighting.receivedAt - sighting.sentAt;
    worstLatenessMs = Math.max(worstLatenessMs, lateness);
    if (lateness > lateMs) delayed++;
  }
  const arrived = new Set(sightings.map((sighting) => sighting.index).filter((index) => index < expected)).size;
  return { dropped: expected - arrived, merged, delayed, worstLatenessMs };
}

export function judgeLevel(streams: readonly (StreamFidelity | null)[]): LevelFidelity {
  const judged = streams.filter((stream): stream is StreamFidelity => stream !== null);
  const sum = (pick: (stream: StreamFidelity) => number) => judged.reduce((total, stream) => total + pick(stream), 0);
  const level = {
    streams: streams.length,
    failed: streams.length - judged.length,
    dropped: sum((stream) => stream.dropped),
    merged: sum((stream) => stream.merged),
    delayed: sum((stream) => stream.delayed),
    worstLatenessMs: Math.max(0, ...judged.map((stream) => stream.worstLatenessMs)),
  };
  return { ...level, clean: level.failed === 0 && level.dropped === 0 && level.merged === 0 && level.delayed === 0 };
}

/** A level counts only where the direct streams were clean: else the machine, not the proxy, broke them. */
export function fidelityVerdict(direct: LevelFidelity, proxied: LevelFidelity): 'clean' | 'not clean' | 'not counted' {
  if (!direct.clean) return 'not counted';
  return proxied.clean ? 'clean' : 'not clean';
}
