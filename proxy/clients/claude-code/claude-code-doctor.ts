/**
 * Why Claude Code might not be talking to this Switchboard, each finding with its fix. It reads what Claude Code
 * reads (project settings, user settings, the shell's environment, its own ~/.claude.json) and never prints a key.
 */
import { MODEL_FLAGS, pathApiFor, type ClientEnvironment, type Finding } from '../client-setup.js';
import type { ModelCatalog } from '../model-catalog.js';
import { judgeModel, type ModelReport } from '../model-report.js';
import { claudeModelSettings, lookupVariable, type SettingsLayer } from './claude-code-models.js';
import { claudeSettingsPath, claudeStatePath, projectSettingsPaths } from './claude-code-paths.js';
import { API_KEY_KEY, AUTH_TOKEN_KEY, BASE_URL_KEY, readSettingsEnv, sameBaseUrl } from './claude-settings.js';
import { readFileIfExists } from '../shared/file-io.js';
import { isJsonObject } from './json-file.js';
import { cliCommand } from '../../cli-command.js';
import { probeFinding, type ProbeResult } from '../server-probe.js';

export interface ClaudeCodeDoctorOptions {
  /** This Switchboard's base URL as clients use it (no /v1). */
  expectedBaseUrl: string;
  /** Where Claude Code would run: project settings there (and in its parents below home) are checked too. */
  cwd?: string;
  /** Whether something answers at a base URL. */
  probe: (baseUrl: string) => Promise<ProbeResult>;
  /** Whether a key is an active key of this Switchboard. */
  keyIsValid: (key: string) => Promise<boolean>;
  /** What this Switchboard serves, for the models Claude Code is set to use. */
  models: ModelCatalog;
}

const CONFIGURE = `run \`${cliCommand('clients configure claude-code')}\``;

export async function diagnoseClaudeCode(environment: ClientEnvironment, options: ClaudeCodeDoctorOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  const settingsPath = claudeSettingsPath(environment);
  const user = await readSettingsEnv(settingsPath);
  if (user.state === 'invalid') {
    const at = user.error.line !== null ? ` at line ${user.error.line}${user.error.column !== null ? `, column ${user.error.column}` : ''}` : '';
    findings.push({
      severity: 'error',
      message: `Claude Code's settings file cannot be read: ${user.error.message}`,
      fix: `correct ${settingsPath}${at} (or move it away), then ${CONFIGURE}`,
    });
  }

  const configDir = environment.env?.CLAUDE_CONFIG_DIR;
  if (configDir) {
    findings.push({
      severity: 'warning',
      message: `CLAUDE_CONFIG_DIR is set (${configDir}), so Claude Code reads its settings from there, not from ${settingsPath}`,
      fix: `unset CLAUDE_CONFIG_DIR, or copy the "env" block of ${settingsPath} into the settings.json there`,
    });
  }

  const projectLayers = options.cwd ? await readProjectLayers(environment, options.cwd, findings) : [];
  const layers: SettingsLayer[] = [...projectLayers, { where: settingsPath, env: user.env, root: user.root }];
  const lookup = (key: string) => lookupVariable(key, layers, environment.env);

  const baseUrl = lookup(BASE_URL_KEY);
  const pointsHere = baseUrl !== null && sameBaseUrl(baseUrl.value, options.expectedBaseUrl);
  if (baseUrl === null) {
    findings.push({
      severity: 'error',
      message: `${BASE_URL_KEY} is not set, so Claude Code talks to Anthropic directly, not to Switchboard`,
      fix: CONFIGURE,
    });
  } else if (!pointsHere) {
    const withV1 = sameBaseUrl(baseUrl.value.replace(/\/v1\/*$/, ''), options.expectedBaseUrl);
    findings.push({
      severity: 'error',
      message: withV1
        ? `${BASE_URL_KEY} in ${baseUrl.where} ends with /v1; Claude Code adds /v1 itself, so its requests would miss`
        : `${BASE_URL_KEY} in ${baseUrl.where} is ${baseUrl.value}, not this Switchboard (${options.expectedBaseUrl})`,
      fix: `set it to ${options.expectedBaseUrl} in ${baseUrl.where}, or ${CONFIGURE}`,
    });
  }

  const served = probeFinding(await options.probe(options.expectedBaseUrl), options.expectedBaseUrl, 'start Switchboard, or configure Claude Code again if its port changed');
  if (served) findings.push(served);

  const token = lookup(AUTH_TOKEN_KEY);
  const apiKey = lookup(API_KEY_KEY);
  if (token && apiKey) {
    findings.push({
      severity: 'warning',
      message: `${API_KEY_KEY} is set in ${apiKey.where} beside ${AUTH_TOKEN_KEY}, so Claude Code sends both an x-api-key and a Bearer header`,
      fix: `remove ${API_KEY_KEY} from ${apiKey.where}`,
    });
  }
  const sent = token ?? apiKey;
  if (pointsHere && sent === null) {
    findings.push({ severity: 'error', message: 'Claude Code sends no key to Switchboard', fix: CONFIGURE });
  } else if (pointsHere && sent !== null && !(await options.keyIsValid(sent.value))) {
    findings.push({
      severity: 'error',
      message: `the key in ${sent.where} is not an active key of this Switchboard (revoked, expired or mistyped)`,
      fix: `${CONFIGURE} again to give Claude Code a new key`,
    });
  }

  if (pointsHere) {
    const models = claudeModelSettings(layers, environment.env, settingsPath, () => undefined).map((setting) => judgeModel('claude-code', setting, options.models));
    const projectPaths = new Set(projectLayers.map((layer) => layer.where));
    for (const model of models.filter((report) => report.served === false)) findings.push(modelFinding(model, projectPaths.has(model.where), options.models.suggested));
  }

  if (await hasPrimaryApiKey(claudeStatePath(environment))) {
    findings.push({
      severity: 'warning',
      message: `${claudeStatePath(environment)} holds an Anthropic API key login (primaryApiKey), which Claude Code uses instead of Switchboard's key`,
      fix: 'run /logout in Claude Code, or delete the "primaryApiKey" entry from that file while Claude Code is closed',
    });
  }
  return findings;
}

/**
 * A model setting requests fail with. `configure --model …` writes the user settings, which win over the shell but
 * not over a project's settings: a project value must be changed where it is.
 */
function modelFinding(model: ModelReport, inProject: boolean, suggested: string | null): Finding {
  const flag = model.setting === 'model' ? MODEL_FLAGS.main : MODEL_FLAGS[model.slot];
  const example = model.slot === 'main' && suggested ? ` (e.g. \`${flag} ${suggested}\`)` : '';
  return {
    severity: 'error',
    message: `${model.setting} in ${model.where} is "${model.value}": ${model.problem}`,
    fix: inProject
      ? `set ${model.setting} in ${model.where} to a model this Switchboard serves, or remove it`
      : `run \`${cliCommand(`clients configure claude-code ${flag} <model>`)}\` with a model it serves${example}`,
  };
}

/** Project settings that override the user's in `cwd`, nearest first, settings.local.json before settings.json. */
async function readProjectLayers(environment: ClientEnvironment, cwd: string, findings: Finding[]): Promise<SettingsLayer[]> {
  const paths = projectSettingsPaths(environment, cwd);
  const layers: SettingsLayer[] = [];
  // projectSettingsPaths lists settings.json before settings.local.json in each folder; the local one wins.
  for (let index = 0; index < paths.length; index += 2) {
    for (const path of [paths[index + 1], paths[index]]) {
      if (path === undefined) continue;
      const reading = await readSettingsEnv(path);
      if (reading.state === 'invalid') {
        findings.push({ severity: 'warning', message: `a project settings file cannot be read: ${reading.error.message}`, fix: `correct or remove ${path}` });
        continue;
      }
      if (reading.state === 'missing') continue;
      const overridden = [BASE_URL_KEY, AUTH_TOKEN_KEY, API_KEY_KEY].filter((key) => Object.hasOwn(reading.env, key));
      if (overridden.length > 0) {
        const dir = pathApiFor(environment).dirname(pathApiFor(environment).dirname(path));
        findings.push({
          severity: 'warning',
          message: `${path} sets ${overridden.join(', ')}, which overrides your user settings when Claude Code runs in ${dir}`,
          fix: `remove ${overridden.join(', ')} from the "env" of ${path}`,
        });
      }
      layers.push({ where: path, env: reading.env, root: reading.root });
    }
  }
  return layers;
}

/** A ~/.claude.json Switchboard cannot parse is not its business: only a readable primaryApiKey counts. */
async function hasPrimaryApiKey(path: string): Promise<boolean> {
  const file = await readFileIfExists(path);
  if (!file) return false;
  try {
    const root: unknown = JSON.parse(file.bytes.toString('utf8'));
    return isJsonObject(root) && typeof root.primaryApiKey === 'string' && root.primaryApiKey !== '';
  } catch {
    return false;
  }
}
