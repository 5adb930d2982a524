/** A client's model setting judged against what this Switchboard serves: for status, the doctor and configure. */
import { modelClaudeCodeSends } from './claude-code/claude-code-models.js';
import type { ClientId, ModelSetting } from './client-setup.js';
import { CODEX_WITHOUT_MODEL } from './codex/codex-settings.js';
import { checkModel, type ModelCatalog } from './model-catalog.js';

export interface ModelReport extends ModelSetting {
  /** true: Switchboard serves it; false: requests with it fail; null: the client resolves it to a model of its own. */
  served: boolean | null;
  /** The upstream model it reaches when served (an alias resolved), else null. */
  resolvesTo: string | null;
  /** Why it is not served, in words; null otherwise. */
  problem: string | null;
}

/** The name the client sends for a setting's value; null when the client resolves it itself. */
function nameSent(client: ClientId, value: string): string | null {
  return client === 'claude-code' ? modelClaudeCodeSends(value) : value;
}

export type ModelJudgement = Pick<ModelReport, 'served' | 'resolvesTo' | 'problem'>;

/** Whether the model a client sends for `value` is served here; null is the client's own default. */
export function judgeModelName(client: ClientId, value: string | null, catalog: ModelCatalog): ModelJudgement {
  if (value === null) {
    // Claude Code's own choices are Claude models; the Codex CLI's own default is one of OpenAI's.
    return client === 'codex' ? { served: false, resolvesTo: null, problem: CODEX_WITHOUT_MODEL } : { served: null, resolvesTo: null, problem: null };
  }
  const name = nameSent(client, value);
  if (name === null) return { served: null, resolvesTo: null, problem: null };
  const check = checkModel(catalog, name);
  return check.served ? { served: true, resolvesTo: check.resolvesTo, problem: null } : { served: false, resolvesTo: null, problem: check.problem };
}

export function judgeModel(client: ClientId, setting: ModelSetting, catalog: ModelCatalog): ModelReport {
  return { ...setting, ...judgeModelName(client, setting.value, catalog) };
}
