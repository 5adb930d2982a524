import { createInterface } from 'node:readline';

export interface LineReader {
  /** Shows the prompt and resolves with the next line; rejects once the input has ended. */
  readLine(prompt: string): Promise<string>;
  close(): void;
}

/**
 * Lines of a stream, one per readLine, over one readline interface for the whole conversation: lines that arrive
 * before they are asked for (a piped paste, several lines at once) wait in order instead of being lost.
 */
export function createLineReader(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, terminal: boolean, endedMessage: string): LineReader {
  const lines = createInterface({ input, output, terminal });
  const queued: string[] = [];
  let ended = false;
  let waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | null = null;

  lines.on('line', (line) => {
    if (waiting) {
      const { resolve } = waiting;
      waiting = null;
      resolve(line);
    } else {
      queued.push(line);
    }
  });
  lines.on('close', () => {
    ended = true;
    if (waiting) {
      const { reject } = waiting;
      waiting = null;
      reject(new Error(endedMessage));
    }
  });

  return {
    readLine(prompt) {
      lines.setPrompt(prompt);
      lines.prompt();
      const next = queued.shift();
      if (next !== undefined) return Promise.resolve(next);
      if (ended) return Promise.reject(new Error(endedMessage));
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    close() {
      lines.close();
    },
  };
}
