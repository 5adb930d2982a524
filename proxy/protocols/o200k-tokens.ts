import { createRequire } from 'node:module';

type CountTokens = (text: string) => number;

let countTokens: CountTokens | null = null;

/**
 * Tokens of a text in the o200k_base encoding (GPT-4o, GPT-4.1, o-series, GPT-5), for counts the upstream cannot
 * give. The tokenizer (~50 MB of tables, ~190 ms to load) is read on the first count, not when Switchboard starts:
 * most Switchboards never count locally.
 */
export function countO200kTokens(text: string): number {
  countTokens ??= (createRequire(import.meta.url)('gpt-tokenizer') as { countTokens: CountTokens }).countTokens;
  return countTokens(text);
}
