import type { Config } from '../config/load.js';
import { KeyRing } from '../keys/key-ring.js';
import { databasePath, openDatabase } from '../usage/database.js';
import { KeyStore } from '../usage/key-store.js';
import { ClientService } from './client-service.js';
import type { ModelCatalog } from './model-catalog.js';
import { standaloneModelCatalog } from './standalone-model-catalog.js';

/**
 * Client setup outside an HTTP request (`switchboard clients`, the desktop tray): the same ClientService the admin
 * API uses, on a usage-database connection of its own that is closed when `use` settles. `baseUrl` is this
 * Switchboard's address as clients use it (the running server's URL, or clientBaseUrl(config)). What it serves is
 * read once, when first needed.
 */
export async function withClientService<T>(config: Config, baseUrl: string, use: (service: ClientService) => Promise<T>): Promise<T> {
  const db = openDatabase(databasePath(config['data-dir']));
  const ring = new KeyRing(config['api-keys'], config['data-dir']);
  let catalog: Promise<ModelCatalog> | null = null;
  const models = () => (catalog ??= standaloneModelCatalog(config, baseUrl));
  try {
    return await use(new ClientService({ keys: new KeyStore(db), dataDir: config['data-dir'], baseUrl, models, isOwnKey: (secret) => ring.accepts([secret]) }));
  } finally {
    db.close();
  }
}
