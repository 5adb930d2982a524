import type { RequestHandler, Response } from 'express';
import { createLogger } from '../log.js';
import type { CostBasis, UsageEvent } from '../usage/types.js';
import type { IRUsage } from '../wire/ir.js';

const log = createLogger('http/usage');

/** What a route learns about its request, for the usage event written when the request ends. */
export interface UsageNotes {
  /** The account the request was sent to (the last one tried, when it failed over), as soon as it is tried. */
  accountId?: string;
  /** The target and upstream model the router chose (the last tried, when a chain moved on), noted before any account is tried. */
  provider?: string;
  /** Every target of the chain tried, in order (the last is the one that served or failed last). */
  targetsTried?: string[];
  modelServed?: string;
  /** Whether the chosen target's cost is billed (an API key) or subscription-equivalent. */
  costBasis?: CostBasis;
  usage?: IRUsage | null;
  /** Reads the usage at the moment the event is written, for answers whose usage is known only at their end. */
  readUsage?: () => IRUsage | null;
  /** When the first byte of the answer went to the client (ms epoch). */
  firstByteAt?: number;
  /** An error that came inside a stream (the status was already 200). */
  error?: string;
}

export interface UsageSink {
  /** Makes the event safe (it survives a kill -9) and answers the commit of its rows, to run once the answer is out. */
  queue(event: UsageEvent): () => void;
}

export function usageNotes(res: Response): UsageNotes {
  return (res.locals.usage as UsageNotes | undefined) ?? (res.locals.usage = {});
}

/**
 * The model a request body names, for requests refused before a route read it (a key's limits, a body that is
 * not valid): the ledger then still says what was asked for. Every client format calls the field `model`.
 */
function modelNamedIn(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const model = (body as { model?: unknown }).model;
  return typeof model === 'string' && model.trim() !== '' ? model : null;
}

/**
 * Writes one usage event per request when it ends — success, error or client abort (ARCHITECTURE.md step 6).
 * A finished answer's event is queued (made safe: usage-queue.ts) before its last byte is handed to the client and
 * committed right after, at the end of the turn of the event loop: the client never waits for the ledger's
 * transaction, and a client that has its answer can still be sure the ledger has it, even if the process is killed the
 * next moment.
 */
export function recordUsage(sink: UsageSink): RequestHandler {
  return (req, res, next) => {
    const started = Date.now();
    const notes: UsageNotes = {};
    res.locals.usage = notes;
    let taken = false;
    /** The request's event as it stands now; null once taken (each request has one). */
    const take = (aborted: boolean): UsageEvent | null => {
      if (taken) return null;
      taken = true;
      const status = aborted ? 499 : res.statusCode;
      const usage = notes.readUsage?.() ?? notes.usage ?? null;
      return {
        at: Date.now(),
        keyId: (res.locals.keyId as string | undefined) ?? null,
        accountId: notes.accountId ?? null,
        provider: notes.provider ?? null,
        targetsTried: notes.targetsTried ?? [],
        costBasis: notes.costBasis ?? null,
        modelRequested: (res.locals.model as string | undefined) ?? modelNamedIn(req.body),
        modelServed: notes.modelServed ?? null,
        endpoint: req.originalUrl.split('?')[0] ?? req.path,
        inputTokens: usage?.inputTokens ?? 0,
        outputTokens: usage?.outputTokens ?? 0,
        cacheReadTokens: usage?.cacheReadTokens ?? 0,
        cacheWriteTokens: usage?.cacheWriteTokens ?? 0,
        cacheWrite1hTokens: usage?.cacheWrite1hTokens ?? 0,
        reasoningTokens: usage?.reasoningTokens ?? null,
        tokensEstimated: usage?.estimated ?? false,
        latencyMs: Date.now() - started,
        ttftMs: notes.firstByteAt ? notes.firstByteAt - started : null,
        status,
        outcome: aborted ? 'aborted' : status >= 400 || notes.error ? 'error' : 'ok',
        error: notes.error ?? (status >= 400 ? ((res.locals.errorMessage as string | undefined) ?? null) : null),
      };
    };
    const safely = (step: () => void) => {
      try {
        step();
      } catch (error) {
        log.error({ problem: String(error), requestId: res.locals.requestId }, 'could not record a usage event');
      }
    };
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      const event = take(false);
      let commit = () => {};
      if (event) safely(() => void (commit = sink.queue(event)));
      try {
        return end(...args);
      } finally {
        safely(commit);
      }
    }) as Response['end'];
    res.once('close', () => {
      const event = take(!res.writableFinished);
      if (event) safely(() => sink.queue(event)());
    });
    next();
  };
}
