import { useEffect, useState } from 'react';
import type { AccountView, AdminApi, KeyView } from '../admin-api';

/** The provider every Switchboard has, offered as a filter even before its first account. */
const BUILT_IN_PROVIDERS = ['anthropic'];

export interface KeysAndAccounts {
  keys: KeyView[];
  accounts: AccountView[];
  /** The built-in providers and those of the accounts, sorted: the choices of a provider filter. */
  providers: string[];
  /** A key id in words: its label, "owner key" for the owner key, the id itself for a key no longer listed. */
  keyName(id: string): string;
  /** An account id in words: its e-mail, else the id. */
  accountName(id: string): string;
}

/**
 * The managed keys and the accounts, loaded once, for the filters and for naming ids in tables. A list that
 * cannot be read stays empty: the page then shows ids instead of names.
 */
export function useKeysAndAccounts(api: Pick<AdminApi, 'keys' | 'accounts'>): KeysAndAccounts {
  const [keys, setKeys] = useState<KeyView[]>([]);
  const [accounts, setAccounts] = useState<AccountView[]>([]);

  useEffect(() => {
    let live = true;
    api.keys().then((list) => live && setKeys(list), () => undefined);
    api.accounts().then((list) => live && setAccounts(list), () => undefined);
    return () => {
      live = false;
    };
  }, [api]);

  return {
    keys,
    accounts,
    providers: [...new Set([...BUILT_IN_PROVIDERS, ...accounts.map((account) => account.provider)])].sort(),
    keyName: (id) => (id === 'owner' ? 'owner key' : (keys.find((key) => key.id === id)?.label ?? id)),
    accountName: (id) => accounts.find((account) => account.id === id)?.email ?? id,
  };
}
