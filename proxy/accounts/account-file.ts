import { z } from 'zod';

/**
 * The public account file format: one JSON file per account in auth-dir (README "Account files"). This is its
 * common core — provider, credentials, identity, plan, priority, disabled, needs_login — which every provider
 * shares; each provider module validates its own part of the file with its own schema (`accountPart`, see
 * providers/index.ts). Users and other tools write these files, so unknown keys are kept when Switchboard rewrites one.
 */
export const accountFileSchema = z.looseObject({
  /** The provider module's id (providers/index.ts), e.g. "anthropic". */
  provider: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a provider id such as "anthropic"'),
  // Sent as it is in an Authorization header: a damaged token is refused here, not half-way through a request.
  access_token: z.string().regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces (is the file damaged?)'),
  /** The named instance of the provider this account belongs to ("work" of "anthropic-key:work"); none for a subscription pool. */
  instance: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be a name such as "work" (lower case, digits, - and _)').nullable().optional(),
  refresh_token: z.string().min(1).nullable().optional(),
  /** When the access token expires (ISO 8601). Missing: treated as unknown, refreshed on the first 401. */
  expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
  email: z.string().nullable().optional(),
  label: z.string().nullable().optional(),
  /** The plan as the provider names it, e.g. "max" or "pro". */
  plan: z.string().nullable().optional(),
  disabled: z.boolean().optional(),
  /** Higher is preferred; accounts of equal priority share the work by the provider's strategy. Default 0. */
  priority: z.number().int().optional(),
  /** Where the login came from: "login", "claude-code", or a tool's own name. */
  source: z.string().optional(),
  /** Set when the provider refused the refresh token: the account needs a new login. */
  needs_login: z.string().nullable().optional(),
  /**
   * When the login these tokens come from was made (a login or an import; a refresh keeps it). A new value means
   * a new login: the proxy then forgets the account's cooldown and last error.
   */
  logged_in_at: z.iso.datetime({ offset: true }).nullable().optional(),
  created_at: z.iso.datetime({ offset: true }).optional(),
  updated_at: z.iso.datetime({ offset: true }).optional(),
});

export type AccountFile = z.output<typeof accountFileSchema>;

/**
 * A target's id: the instance of a provider that an account belongs to and pools with. A subscription pool's id
 * is its provider's ("anthropic"); a named instance adds its name ("anthropic-key:work").
 */
export type TargetId = string;

/** The target an account pools with: its provider's named instance ("openai-key:personal"), else its provider's pool. */
export function targetOf(data: Pick<AccountFile, 'provider' | 'instance'>): TargetId {
  return data.instance ? instanceTargetId(data.provider, data.instance) : data.provider;
}

export function instanceTargetId(provider: string, instance: string): TargetId {
  return `${provider}:${instance}`;
}

/** An account as the proxy holds it: the file's content plus where it lives. */
export interface Account {
  /** The file name without ".json"; stable for the life of the file. */
  id: string;
  path: string;
  data: AccountFile;
}

/** A file name that is safe on every OS, derived from the provider and the account's e-mail or uuid. */
export function accountFileName(provider: string, identity: string): string {
  const slug = identity
    .toLowerCase()
    .replace(/[^a-z0-9@._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${provider}-${slug || 'account'}.json`;
}

/**
 * Each provider's own part of its account files, by provider id. With it a store refuses a file of a provider it
 * does not know, and one whose provider part is not valid.
 */
export type AccountParts = ReadonlyMap<string, z.ZodType>;

/** Problems with the provider's part of an account file, in words; empty when it is valid. */
export function accountPartProblems(data: AccountFile, parts: AccountParts): string[] {
  const part = parts.get(data.provider);
  if (!part) return [`provider: "${data.provider}" is not a provider this Switchboard knows (${[...parts.keys()].join(', ')})`];
  const result = part.safeParse(data);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`);
}
