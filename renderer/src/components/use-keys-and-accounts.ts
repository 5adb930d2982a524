import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccountView, AdminApi, KeyView } from '../admin-api';
import type { Choice } from './ui';
import { useProviderCatalog } from '../accounts/use-provider-catalog';


export interface KeysAndAccounts {
  keys: KeyView[];
  accounts: AccountView[];
  /** The catalog's providers and those of the accounts, sorted: the choices of a provider filter. */
  providers: string[];
  /** The owner key and every managed key, by the names `keyName` gives them: the choices of a key filter. */
  keyChoices: Choice<string>[];
  /** A key id in words (see `keyNamer`). */
  keyName(id: string): string;
  /** An account id in words: its e-mail, else the id. */
  accountName(id: string): string;
  /**
   * Reads both lists again when one of these ids is in neither (a key created, an account added while the page
   * is open), once per set of strangers, so the page names them instead of showing their ids.
   */
  learn(ids: { keyIds: (string | null)[]; accountIds: (string | null)[] }): void;
}

/** The key id usage events carry for the owner key. */
export const OWNER_KEY_ID = 'owner';
const CONFIG_KEY_PREFIX = 'config:';

/**
 * Names for key ids: a managed key's label — with the start of its secret when another key has the same label,
 * so two "CI bot" keys stay apart ("CI bot (sk-sb-C4fV…)") — "owner key", "config key 1a2b3c4d" for a key from
 * the config file, and the id itself for a key no longer listed.
 */
export function keyNamer(keys: readonly Pick<KeyView, 'id' | 'label' | 'prefix'>[]): (id: string) => string {
  const labelCounts = new Map<string, number>();
  for (const key of keys) labelCounts.set(key.label, (labelCounts.get(key.label) ?? 0) + 1);
  return (id) => {
    if (id === OWNER_KEY_ID) return 'owner key';
    if (id.startsWith(CONFIG_KEY_PREFIX)) return `config key ${id.slice(CONFIG_KEY_PREFIX.length)}`;
    const key = keys.find((candidate) => candidate.id === id);
    if (!key) return id;
    return (labelCounts.get(key.label) ?? 0) > 1 ? `${key.label} (${key.prefix}…)` : key.label;
  };
}

/**
 * The managed keys and the accounts, loaded once, for the filters and for naming ids in tables. A list that
 * cannot be read stays empty: the page then shows ids instead of names.
 */
export function useKeysAndAccounts(api: Pick<AdminApi, 'keys' | 'accounts' | 'providers'>): KeysAndAccounts {
  const [keys, setKeys] = useState<KeyView[]>([]);
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [reads, setReads] = useState(0);
  const strangersAsked = useRef('');
  // Offered as filters even before their first account.
  const catalog = useProviderCatalog(api);

  useEffect(() => {
    let live = true;
    api.keys().then((list) => live && setKeys(list), () => undefined);
    api.accounts().then((list) => live && setAccounts(list), () => undefined);
    return () => {
      live = false;
    };
  }, [api, reads]);

  const learn = useCallback(
    ({ keyIds, accountIds }: { keyIds: (string | null)[]; accountIds: (string | null)[] }) => {
      const strangers = [
        ...keyIds.filter((id): id is string => id !== null && id !== OWNER_KEY_ID && !id.startsWith(CONFIG_KEY_PREFIX) && !keys.some((key) => key.id === id)),
        ...accountIds.filter((id): id is string => id !== null && !accounts.some((account) => account.id === id)),
      ];
      const signature = [...new Set(strangers)].sort().join('\n');
      if (signature === '' || signature === strangersAsked.current) return;
      strangersAsked.current = signature;
      setReads((count) => count + 1);
    },
    [keys, accounts],
  );

  const keyName = keyNamer(keys);
  return {
    keys,
    accounts,
    providers: [...new Set([...catalog.map((provider) => provider.id), ...accounts.map((account) => account.provider)])].sort(),
    keyChoices: [OWNER_KEY_ID, ...keys.map((key) => key.id)].map((id) => ({ id, label: keyName(id) })),
    keyName,
    accountName: (id) => accounts.find((account) => account.id === id)?.email ?? id,
    learn,
  };
}
