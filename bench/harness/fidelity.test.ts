import { describe, expect, it } from 'vitest';
import { DeltaScanner } from './delta-markers.js';
import { fidelityVerdict, judgeLevel, judgeStream } from './fidelity.js';

const frame = (index: number, sentAt: number) => `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"~d${index}@${sentAt}~ "}}\n\n`;

/** Four deltas written 20 ms apart, each read on its own 1 ms after it was written. */
function cleanStream(): DeltaScanner {
  const scanner = new DeltaScanner();
  for (let index = 0; index < 4; index++) scanner.scan(frame(index, 1000 + index * 20), 1001 + index * 20);
  return scanner;
}

describe('DeltaScanner', () => {
  it('notes each delta once, when and in which read it first showed up', () => {
    const scanner = new DeltaScanner();
    scanner.scan('data: {"delta":"~d0~ "}\n\ndata: {"delta":"~d1~ "}\n\n', 5);
    // A closing event repeating the whole text counts no delta twice.
    scanner.scan('data: {"text":"~d0~ ~d1~ "}\n\n', 9);
    expect(scanner.sightings).toEqual([
      { index: 0, sentAt: null, receivedAt: 5, read: 0 },
      { index: 1, sentAt: null, receivedAt: 5, read: 0 },
    ]);
    expect(scanner.firstAt).toBe(5);
  });

  it('finds a marker cut between two reads, in the read that completes it', () => {
    const scanner = new DeltaScanner();
    scanner.scan('data: {"delta":"~d1', 1);
    scanner.scan('7@1234.5~ "}\n\n', 2);
    expect(scanner.sightings).toEqual([{ index: 17, sentAt: 1234.5, receivedAt: 2, read: 1 }]);
  });
});

describe('judgeStream', () => {
  it('finds nothing wrong with deltas read one by one, on time', () => {
    expect(judgeStream(cleanStream().sightings, 4, 20)).toEqual({ dropped: 0, merged: 0, delayed: 0, worstLatenessMs: 1 });
  });

  it('counts deltas read together as merged', () => {
    const scanner = new DeltaScanner();
    scanner.scan(frame(0, 1000), 1001);
    scanner.scan(frame(1, 1020) + frame(2, 1040), 1041);
    scanner.scan(frame(3, 1060), 1061);
    expect(judgeStream(scanner.sightings, 4, 30)).toMatchObject({ merged: 2, delayed: 0, dropped: 0 });
  });

  it('counts a delta read later than the allowance after it was written as delayed', () => {
    const scanner = new DeltaScanner();
    scanner.scan(frame(0, 1000), 1001);
    scanner.scan(frame(1, 1020), 1055);
    expect(judgeStream(scanner.sightings, 2, 20)).toMatchObject({ delayed: 1, worstLatenessMs: 35 });
  });

  it('counts deltas that never came as dropped', () => {
    const scanner = new DeltaScanner();
    scanner.scan(frame(0, 1000), 1001);
    scanner.scan(frame(2, 1040), 1041);
    expect(judgeStream(scanner.sightings, 4, 20)).toMatchObject({ dropped: 2 });
  });
});

describe('judgeLevel and fidelityVerdict', () => {
  const clean = judgeLevel([judgeStream(cleanStream().sightings, 4, 20), judgeStream(cleanStream().sightings, 4, 20)]);
  const failed = judgeLevel([judgeStream(cleanStream().sightings, 4, 20), null]);
  const dropped = judgeLevel([judgeStream(cleanStream().sightings.slice(1), 4, 20)]);

  it('is clean only when every stream came whole, unmerged and on time', () => {
    expect(clean).toMatchObject({ streams: 2, failed: 0, clean: true });
    expect(failed).toMatchObject({ streams: 2, failed: 1, clean: false });
    expect(dropped).toMatchObject({ dropped: 1, clean: false });
  });

  it('counts a level only where the direct streams were clean', () => {
    expect(fidelityVerdict(clean, clean)).toBe('clean');
    expect(fidelityVerdict(clean, dropped)).toBe('not clean');
    expect(fidelityVerdict(dropped, clean)).toBe('not counted');
  });
});
