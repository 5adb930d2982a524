import { randomBytes } from 'node:crypto';
import { closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import { createLogger } from '../log.js';
import type { KeySpend, UsageEvent } from './types.js';
import type { UsageLedger } from './usage-ledger.js';

const log = createLogger('usage/queue');

/** Where the journals live inside data-dir. */
export const USAGE_QUEUE_DIR = 'usage-queue';

/** A journal whose lines are all committed is emptied once it has grown past this. */
const COMPACT_AFTER_BYTES = 1024 * 1024;

/** `<pid>-<random>.jsonl`: the process that writes it, and which of its runs. */
const JOURNAL_NAME = /^(\d+)-[0-9a-f]+\.jsonl$/;

interface JournalLine {
  seq: number;
  event: UsageEvent;
}

/**
 * The usage events of answers on their way out. `queue` appends the event to this run's journal — one write, which
 * is in the OS's page cache when it returns and so survives a kill -9 — before the answer's last byte goes out; the
 * commit it returns writes the ledger's rows at the end of this turn of the event loop, in one transaction with the
 * other answers that ended in the turn (a transaction per answer was a sixth of the proxy's CPU under load: each
 * commit writes the same rollup pages to the WAL again). The same transaction notes the journal's last committed
 * line, so a start after a kill commits exactly the lines that were not, of every run whose process is gone: no
 * answer that ended loses its row, and none is counted twice. The client never waits for a SQLite transaction.
 */
export class UsageQueue {
  private readonly dir: string;
  private readonly name: string;
  private readonly fd: number;
  private readonly commitLines: (journal: string, lines: readonly JournalLine[], committed: number) => void;
  private readonly committedOf: Statement<[string], { committed: number }>;
  private readonly forget: Statement<[string]>;
  private seq = 0;
  /** Lines queued whose commit was not asked for yet (their answers are still going out). */
  private readonly queued = new Set<number>();
  /** Lines whose commit was asked for, written at the end of the turn. */
  private due: JournalLine[] = [];
  private flushScheduled = false;
  private bytes = 0;
  /** A line whose commit failed stays in the journal for the next start: the journal is then never emptied. */
  private keepLines = false;

  constructor(
    private readonly db: Database,
    private readonly ledger: UsageLedger,
    dataDir: string,
    isRunning: (pid: number) => boolean = processIsRunning,
  ) {
    this.dir = join(dataDir, USAGE_QUEUE_DIR);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const noteCommitted = db.prepare<[string, number]>(
      'INSERT INTO usage_queue (journal, committed) VALUES (?, ?) ON CONFLICT (journal) DO UPDATE SET committed = excluded.committed',
    );
    this.committedOf = db.prepare('SELECT committed FROM usage_queue WHERE journal = ?');
    this.forget = db.prepare('DELETE FROM usage_queue WHERE journal = ?');
    this.commitLines = db.transaction((journal: string, lines: readonly JournalLine[], committed: number) => {
      for (const line of lines) ledger.record(line.event);
      noteCommitted.run(journal, committed);
    });
    this.recover(isRunning);
    this.name = `${process.pid}-${randomBytes(6).toString('hex')}.jsonl`;
    this.fd = openSync(join(this.dir, this.name), 'a', 0o600);
  }

  /** Makes the event safe and answers the commit of its rows, to ask for as soon as the answer is out (once). */
  queue(event: UsageEvent): () => void {
    const seq = ++this.seq;
    try {
      const line = `${JSON.stringify({ seq, event } satisfies JournalLine)}\n`;
      writeSync(this.fd, line);
      this.bytes += line.length;
    } catch (error) {
      // The rows still follow right after the answer; only their protection against a kill in between is missing.
      log.error({ problem: String(error) }, 'could not append a usage event to the journal');
    }
    this.queued.add(seq);
    return () => {
      if (!this.queued.delete(seq)) return;
      this.due.push({ seq, event });
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    };
  }

  /** Queues and commits: for an event whose answer is already over (a client that left). */
  record(event: UsageEvent): void {
    this.queue(event)();
  }

  /** A key's month-to-date spend with the rows of this turn's answers in it: what its budgets are judged by. */
  monthToDate(keyId: string): KeySpend {
    this.flush();
    return this.ledger.monthToDate(keyId);
  }

  /**
   * Writes the rows whose commit was asked for, now, in one transaction. When that fails, each line is tried on its
   * own, so one line the database refuses costs no other its row; a refused line is logged and kept in the journal.
   */
  flush(): void {
    this.flushScheduled = false;
    const lines = this.due.sort((a, b) => a.seq - b.seq);
    if (lines.length === 0) return;
    this.due = [];
    // The mark is the last line: a line is queued right before its answer's end and its commit asked right after, so
    // none queued before it is still waiting (a flush never runs inside an answer's end).
    try {
      this.commitLines(this.name, lines, lines.at(-1)!.seq);
    } catch {
      for (const line of lines) {
        try {
          this.commitLines(this.name, [line], line.seq);
        } catch (error) {
          this.keepLines = true;
          log.error({ problem: String(error) }, 'could not record a usage event');
        }
      }
    }
    this.compact();
  }

  /** Writes what is due and ends this run's journal; when all its lines were committed, it is removed. */
  close(): void {
    this.flush();
    closeSync(this.fd);
    if (this.queued.size === 0 && !this.keepLines) this.remove(this.name);
  }

  private compact(): void {
    if (this.queued.size > 0 || this.due.length > 0 || this.keepLines || this.bytes < COMPACT_AFTER_BYTES) return;
    ftruncateSync(this.fd, 0); // every line is committed; appends go on from the start
    this.bytes = 0;
  }

  /** Commits what the journals of runs that are gone hold beyond their last committed line, then removes them. */
  private recover(isRunning: (pid: number) => boolean): void {
    for (const name of readdirSync(this.dir)) {
      const pid = JOURNAL_NAME.exec(name)?.[1];
      // Another Switchboard on this data-dir commits its own lines; this process's id on a file is a previous run's.
      if (pid === undefined || (Number(pid) !== process.pid && isRunning(Number(pid)))) continue;
      const committed = this.committedOf.get(name)?.committed ?? 0;
      const lines = readFileSync(join(this.dir, name), 'utf8').split('\n').flatMap((text) => journalLine(text, committed));
      if (lines.length > 0) this.commitLines(name, lines, lines.at(-1)!.seq);
      if (lines.length > 0) log.info({ journal: name, events: lines.length }, 'usage events of an interrupted run recorded');
      this.remove(name);
    }
  }

  private remove(name: string): void {
    unlinkSync(join(this.dir, name));
    this.forget.run(name);
  }
}

/** One line of a journal when it is beyond `committed`; a line cut short by a kill is no event (its answer never ended). */
function journalLine(text: string, committed: number): JournalLine[] {
  if (text === '') return [];
  try {
    const line = JSON.parse(text) as JournalLine;
    return line.seq > committed ? [line] : [];
  } catch {
    return [];
  }
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists, owned by someone else
  }
}
