/**
 * What this Switchboard serves, for client setup outside the server (`switchboard clients`, the desktop tray):
 * the providers built from the config, plus what the running server lists at GET /v1/models when one answers
 * (its live model lists can know models the built-in lists do not). Without a server it still works.
 */
import { z } from 'zod';
import { targetOf } from '../accounts/account-file.js';
import { TokenStore } from '../accounts/token-store.js';
import type { Config } from '../config/load.js';
import { configuredTargets } from '../http/server.js';
import { readOwnerKey } from '../keys/owner-key.js';
import { createLogger } from '../log.js';
import { accountParts } from '../providers/index.js';
import { ModelRouter } from '../router/model-router.js';
import { catalogOf, type ModelCatalog } from './model-catalog.js';

const log = createLogger('clients/models');

/** Long enough for a server on this machine, short enough that a dead port does not hold up the CLI. */
const LIST_TIMEOUT_MS = 3000;

const modelListSchema = z.object({ data: z.array(z.object({ id: z.string().min(1) })) });

export async function standaloneModelCatalog(config: Config, baseUrl: string, fetchImpl: typeof fetch = fetch): Promise<ModelCatalog> {
  // The routing table's names and the API-key targets of auth-dir are served too, so client setup may write them.
  const router = new ModelRouter(await configuredTargets(config, { fetch: fetchImpl }), config.routing);
  const key = await adminKey(config);
  const listed = key === null ? null : await modelsListedAt(baseUrl, key, fetchImpl);
  // A target serves once auth-dir holds a login or key for it, as the running server's pool decides.
  const withAccounts = new Set((await new TokenStore(config['auth-dir'], { parts: accountParts }).list()).accounts.map((account) => targetOf(account.data)));
  return catalogOf(router, listed ?? [], (target) => withAccounts.has(target.id));
}

/** The owner key, else a config key written out in full (a "sha256:…" entry cannot be sent). */
async function adminKey(config: Config): Promise<string | null> {
  return (await readOwnerKey(config['data-dir'])) ?? config['api-keys'].find((entry) => !/^sha256:[0-9a-f]{64}$/i.test(entry)) ?? null;
}

/** The model ids a running Switchboard lists, or null when none answers there (or it does not accept the key). */
export async function modelsListedAt(baseUrl: string, key: string, fetchImpl: typeof fetch = fetch): Promise<string[] | null> {
  try {
    const response = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}/v1/models`, {
      headers: { authorization: `Bearer ${key}` },
      signal: AbortSignal.timeout(LIST_TIMEOUT_MS),
    });
    if (!response.ok) {
      log.debug({ baseUrl, status: response.status }, 'the running Switchboard did not list its models; using the built-in lists');
      return null;
    }
    const parsed = modelListSchema.safeParse(await response.json());
    return parsed.success ? parsed.data.data.map((model) => model.id) : null;
  } catch {
    // Nothing listens there: no server is running, which is fine for client setup.
    return null;
  }
}
