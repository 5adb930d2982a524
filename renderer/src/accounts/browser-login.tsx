import type { AccountLoginApi, LoggedInAccount, ProviderCatalogEntry } from '../admin-api';
import { ManualLogin } from './manual-login';
import type { BrowserLoginMethod } from './use-provider-catalog';
import { WaitingLogin } from './waiting-login';

export interface BrowserLoginProps {
  api: AccountLoginApi;
  provider: Pick<ProviderCatalogEntry, 'id' | 'displayName'>;
  /** The method to run, from the provider's catalog entry. */
  method: BrowserLoginMethod;
  title: string;
  renews: string | null;
  onDone: (account: LoggedInAccount) => void;
  onCancel: () => void;
}

/** A login the dashboard drives, by the kind of the catalog's method: a pasted code, or one that waits in the server. */
export function BrowserLogin({ method, ...props }: BrowserLoginProps) {
  return method.kind === 'paste-code' ? <ManualLogin {...props} method={method} /> : <WaitingLogin {...props} method={method} />;
}
