/**
 * A stream translation as a pure step function over explicit state: `step(state, input)` returns the outputs
 * that input produces and updates `state`; `end(state)` flushes what a finished stream still owes. A thin I/O
 * loop drives it, so tests can feed recorded streams without a server (STYLE.md 10).
 */
export interface StreamTranslator<State, Input, Output> {
  initial(): State;
  step(state: State, input: Input): Output[];
  end(state: State): Output[];
}

/** Runs a translator over a whole sequence (tests, and aggregation of short streams). */
export function translateAll<State, Input, Output>(translator: StreamTranslator<State, Input, Output>, inputs: Iterable<Input>): Output[] {
  const state = translator.initial();
  const outputs: Output[] = [];
  for (const input of inputs) outputs.push(...translator.step(state, input));
  outputs.push(...translator.end(state));
  return outputs;
}
