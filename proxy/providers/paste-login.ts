/**
 * The paste-code login method, shared by every provider: one attempt is a page to open and a pasted answer to
 * finish with (a `code#state`, the address the browser ended on, an API key). A provider supplies only what differs
 * — the page, how a paste is read, the exchange that saves the account — and this keeps the attempt's state (a
 * wrong paste leaves it waiting for another; a refusal or a saved account ends it) and runs it in a terminal.
 */
import type { Account } from '../accounts/account-file.js';
import { LoginError } from './login-error.js';
import type { PasteCodeLogin } from './provider-module.js';

/** One attempt, as a provider makes it. */
export interface PasteAttempt<Answer> {
  /** The page the person opens. */
  url: string;
  /** The account this login renews, or null for a new account. */
  renews: string | null;
  /** What was pasted, read; a LoginError (`paste-again`) for a paste that cannot be this attempt's answer. */
  read(pasted: string): Answer;
  /**
   * Exchanges the answer and saves the account. A LoginError's `recovery` says whether the attempt takes another
   * paste; any other error ends it (the answer may have been spent).
   */
  exchange(answer: Answer): Promise<Account>;
}

/** The attempt as the admin API and the terminal finish it: one paste exchanged at a time, none after the end. */
export function pasteLogin<Answer>(attempt: PasteAttempt<Answer>): PasteCodeLogin {
  let phase: 'waiting' | 'finishing' | 'over' = 'waiting';
  return {
    url: attempt.url,
    renews: attempt.renews,
    get finishing() {
      return phase === 'finishing';
    },
    get over() {
      return phase === 'over';
    },
    async finish(pasted) {
      if (phase === 'finishing') throw new LoginError('this login is being finished right now: wait for it to end', { recovery: 'paste-again' });
      if (phase === 'over') throw new LoginError('this login is over: start a new one for a fresh link', { recovery: 'start-again' });
      const answer = attempt.read(pasted);
      phase = 'finishing';
      try {
        const account = await attempt.exchange(answer);
        phase = 'over';
        return account;
      } catch (error) {
        phase = error instanceof LoginError && error.recovery === 'paste-again' ? 'waiting' : 'over';
        throw error;
      }
    },
  };
}

/** What a terminal says around the pastes: the provider's words. */
export interface PasteLoginTexts {
  /** Before the first paste: where to go and what to paste. */
  intro(url: string): string;
  /** The prompt a paste is read at. */
  prompt: string;
  /** After the provider ended an attempt: the new attempt's page. */
  fresh(url: string): string;
}

export interface TerminalIo {
  print(text: string): void;
  /** Shows the prompt and resolves with the line pasted; rejects when no more lines can come (stdin closed). */
  readLine(prompt: string): Promise<string>;
}

/**
 * In a terminal: prints the page, reads pastes until one logs in — the same attempt after a wrong paste, a new one
 * after the provider ended it. Ends with the account, or with `readLine`'s error. `opened` runs once the first
 * page is printed (a browser opened on it, say).
 */
export async function pasteLoginInTerminal(start: () => Promise<PasteCodeLogin> | PasteCodeLogin, io: TerminalIo, texts: PasteLoginTexts, opened?: (url: string) => void): Promise<Account> {
  let login = await start();
  io.print(texts.intro(login.url));
  opened?.(login.url);
  for (;;) {
    const pasted = await io.readLine(texts.prompt);
    try {
      return await login.finish(pasted);
    } catch (error) {
      if (!(error instanceof LoginError)) throw error;
      io.print(`That did not work: ${error.message}.`);
      if (error.recovery === 'start-again') {
        login = await start();
        io.print(texts.fresh(login.url));
      }
    }
  }
}
