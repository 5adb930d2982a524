import { describe, expect, it } from 'vitest';
import type { ModelReport } from '../model-report.js';
import { diagnoseCodex, type CodexState } from './codex-doctor.js';
import { CODEX_WITHOUT_MODEL } from './codex-settings.js';

const CONFIG = '/home/me/.codex/config.toml';
const served: ModelReport = { slot: 'main', setting: 'model', where: CONFIG, value: 'sonnet', setBySwitchboard: true, served: true, resolvesTo: 'claude-sonnet-4-6', problem: null };
const healthy: CodexState = { configured: true, baseUrl: 'http://127.0.0.1:8317/v1', pointsHere: true, keyValid: true, problem: null, models: [served] };
const options = { probe: async () => 'ok' as const, suggestedModel: 'sonnet' };

describe('diagnoseCodex', () => {
  it('finds nothing when the Codex CLI is set up with a served model', async () => {
    expect(await diagnoseCodex(healthy, options)).toEqual([]);
  });

  it('finds no model set: Codex would ask for its own default', async () => {
    const models: ModelReport[] = [{ ...served, value: null, setBySwitchboard: false, served: false, resolvesTo: null, problem: CODEX_WITHOUT_MODEL }];
    expect(await diagnoseCodex({ ...healthy, models }, options)).toEqual([
      { severity: 'error', message: `${CONFIG}: ${CODEX_WITHOUT_MODEL}`, fix: 'run `switchboard clients configure codex`, which sets `model = "sonnet"`' },
    ]);
  });

  it('finds a model that is not served, with the --model that fixes it', async () => {
    const models: ModelReport[] = [{ ...served, value: 'gpt-5', served: false, resolvesTo: null, problem: 'this Switchboard does not serve the model "gpt-5"; it serves sonnet' }];
    expect(await diagnoseCodex({ ...healthy, models }, { ...options, suggestedModel: null })).toEqual([
      { severity: 'error', message: `\`model\` in ${CONFIG} is "gpt-5": this Switchboard does not serve the model "gpt-5"; it serves sonnet`, fix: 'run `switchboard clients configure codex --model <model>` with a model it serves' },
    ]);
  });

  it('leaves the model of a Codex CLI that is not set up for this Switchboard alone: that is the finding', async () => {
    const models: ModelReport[] = [{ ...served, value: 'o3', served: false, problem: 'not served' }];
    const findings = await diagnoseCodex({ ...healthy, configured: false, pointsHere: false, baseUrl: null, models }, options);
    expect(findings).toEqual([{ severity: 'error', message: 'the Codex CLI is not set up for this Switchboard', fix: 'run `switchboard clients configure codex`' }]);
  });
});
