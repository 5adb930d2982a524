/**
 * Reasoning efforts on the Codex backend (PROTOCOLS.md §2 "Body"): each model takes its own set, from its entry's
 * `supported_reasoning_levels` in the model list. An effort a model lacks is sent as the nearest one it has, up or
 * down the scale (a tie goes up: the client asked for at least that much), so a request never fails on it.
 */
type Json = Record<string, unknown>;

/** The efforts the backend knows, least to most. */
export const CODEX_REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max', 'ultra'] as const;

const rank = (effort: string): number => (CODEX_REASONING_EFFORTS as readonly string[]).indexOf(effort);

/** The effort itself when the model has it (or the set or the effort is unknown), else the nearest it has. */
export function nearestEffort(effort: string, supported: readonly string[]): string {
  const wanted = rank(effort);
  const known = supported.filter((level) => rank(level) >= 0);
  if (wanted < 0 || known.length === 0 || known.includes(effort)) return effort;
  return known.reduce((best, level) => {
    const distance = Math.abs(rank(level) - wanted);
    const bestDistance = Math.abs(rank(best) - wanted);
    return distance < bestDistance || (distance === bestDistance && rank(level) > rank(best)) ? level : best;
  });
}

/** The body with `reasoning.effort` fitted to the model's own set, when its set is known. */
export function fitReasoningEffort(body: Json, effortsOf: (model: string) => readonly string[] | undefined): Json {
  const reasoning = body['reasoning'];
  if (typeof reasoning !== 'object' || reasoning === null || Array.isArray(reasoning) || typeof body['model'] !== 'string') return body;
  const effort = (reasoning as Json)['effort'];
  const supported = effortsOf(body['model']);
  if (typeof effort !== 'string' || !supported) return body;
  const fitted = nearestEffort(effort, supported);
  return fitted === effort ? body : { ...body, reasoning: { ...(reasoning as Json), effort: fitted } };
}
