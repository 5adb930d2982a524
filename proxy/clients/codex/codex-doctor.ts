/** Why the Codex CLI might not be getting answers from this Switchboard, each finding with its fix. */
import type { Finding } from '../client-setup.js';
import { cliCommand } from '../../cli-command.js';
import { probeFinding, type ProbeResult } from '../server-probe.js';
import type { ModelReport } from '../model-report.js';

/** What the doctor needs to know about the Codex CLI: its status with the key checked and its model judged. */
export interface CodexState {
  configured: boolean;
  baseUrl: string | null;
  pointsHere: boolean;
  keyValid: boolean;
  /** Why its config.toml could not be read, or null. */
  problem: string | null;
  models: ModelReport[];
}

const configure = (): string => `\`${cliCommand('clients configure codex')}\``;

export async function diagnoseCodex(state: CodexState, options: { probe: (baseUrl: string) => Promise<ProbeResult>; suggestedModel: string | null }): Promise<Finding[]> {
  const findings: Finding[] = [];
  if (state.problem) {
    findings.push({ severity: 'error', message: state.problem, fix: 'fix the file (Switchboard never overwrites a file it cannot read), then configure again' });
  } else if (!state.configured && !state.pointsHere) {
    findings.push({ severity: 'error', message: 'the Codex CLI is not set up for this Switchboard', fix: `run ${configure()}` });
  } else if (!state.keyValid) {
    findings.push({ severity: 'error', message: 'the key the Codex CLI sends is not an active key of this Switchboard', fix: `run ${configure()} again` });
  }
  if (state.configured || state.pointsHere) {
    for (const model of state.models.filter((report) => report.served === false)) findings.push(modelFinding(model, options.suggestedModel));
  }
  const served = state.baseUrl ? probeFinding(await options.probe(state.baseUrl), state.baseUrl, `start Switchboard (\`${cliCommand('serve')}\`), or configure again if the port changed`) : null;
  if (served) findings.push(served);
  return findings;
}

function modelFinding(model: ModelReport, suggested: string | null): Finding {
  if (model.value === null) {
    return { severity: 'error', message: `${model.where}: ${model.problem}`, fix: `run ${configure()}${suggested ? `, which sets \`model = "${suggested}"\`` : ''}` };
  }
  return {
    severity: 'error',
    message: `\`model\` in ${model.where} is "${model.value}": ${model.problem}`,
    fix: `run \`${cliCommand(`clients configure codex --model ${suggested ?? '<model>'}`)}\`${suggested ? ' (or another model it serves)' : ' with a model it serves'}`,
  };
}
