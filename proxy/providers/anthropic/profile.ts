import { z } from 'zod';
import { refusingRedirects } from '../../upstream/no-redirects.js';
import { oauthApiHeaders } from './credentials.js';

const PROFILE_TIMEOUT_MS = 10_000;

/** The subscription as the profile endpoint describes it. */
export interface AnthropicProfile {
  email: string | null;
  accountUuid: string | null;
  /** "max" or "pro" when the profile says so. */
  plan: string | null;
  organization: { uuid?: string; name?: string } | null;
}

const profileSchema = z.looseObject({
  account: z
    .looseObject({
      uuid: z.string().optional(),
      email: z.string().optional(),
      email_address: z.string().optional(),
      has_claude_max: z.boolean().optional(),
      has_claude_pro: z.boolean().optional(),
    })
    .optional(),
  organization: z
    .looseObject({ uuid: z.string().optional(), name: z.string().optional(), organization_type: z.string().optional() })
    .optional(),
});

/** `GET <base-url>/api/oauth/profile` with an OAuth access token. Throws with a plain reason on any failure. */
export async function fetchProfile(
  baseUrl: string,
  accessToken: string,
  deps: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<AnthropicProfile> {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/oauth/profile`;
  const response = await refusingRedirects(deps.fetch ?? fetch)(url, {
    headers: oauthApiHeaders(accessToken),
    signal: AbortSignal.timeout(deps.timeoutMs ?? PROFILE_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`the profile endpoint ${url} answered HTTP ${response.status}`);
  const parsed = profileSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error(`the profile endpoint ${url} answered in an unexpected shape`);
  const { account, organization } = parsed.data;
  return {
    email: account?.email ?? account?.email_address ?? null,
    accountUuid: account?.uuid ?? null,
    plan: planOf(parsed.data),
    organization: organization ? { uuid: organization.uuid, name: organization.name } : null,
  };
}

function planOf(profile: z.output<typeof profileSchema>): string | null {
  if (profile.account?.has_claude_max) return 'max';
  if (profile.account?.has_claude_pro) return 'pro';
  const type = profile.organization?.organization_type;
  if (type === 'claude_max') return 'max';
  if (type === 'claude_pro') return 'pro';
  return null;
}
