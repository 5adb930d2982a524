import type { RefObject } from 'react';
import type { LoginMethod } from '../admin-api';

/** A paste-code login method as the catalog lists it: its paste instructions are the provider's own words. */
export type PasteCodeMethod = Extract<LoginMethod, { kind: 'paste-code' }>;

export interface PasteStepsProps {
  method: PasteCodeMethod;
  providerName: string;
  /** The login address to open. */
  url: string;
  /** Whether the login renews an account (else it adds one). */
  renewing: boolean;
  link?: RefObject<HTMLAnchorElement | null>;
}

/** The steps of a paste-code login: open the provider's page and sign in, then what the method says to paste. */
export function PasteSteps({ method, providerName, url, renewing, link }: PasteStepsProps) {
  return (
    <ol>
      <li>
        <a ref={link} href={url} target="_blank" rel="noopener noreferrer">
          Open the {providerName} login page
        </a>{' '}
        and sign in with {renewing ? 'this account' : 'the account to add'}.
      </li>
      <li>{method.paste.step}</li>
    </ol>
  );
}

/** What the empty paste field says: the method's field, and what a good paste looks like. */
export function missingPasteMessage(method: PasteCodeMethod): string {
  return `${method.paste.field} (it looks like "${method.paste.example}").`;
}
