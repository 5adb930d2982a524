import { createHash } from 'node:crypto';

/**
 * The subscription's five-hour and seven-day windows as the real API reports them: unified rate-limit headers
 * on every response (PROTOCOLS.md "Subscription limits") and the bodies of /api/oauth/usage and /profile.
 * Windows start when the stand-in starts and roll over at their length.
 */

const FIVE_HOURS_MS = 5 * 60 * 60 * 1000;
const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;
/** From this utilization on the status reads allowed_warning (the real threshold is not published). */
const WARNING_UTILIZATION = 0.8;

type Claim = 'five_hour' | 'seven_day';
type UnifiedStatus = 'allowed' | 'allowed_warning' | 'rejected';

export class SubscriptionWindows {
  private fiveHourUtilization = 0;
  private sevenDayUtilization = 0;
  private readonly startedAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  setUtilization(fiveHour: number, sevenDay: number): void {
    this.fiveHourUtilization = fiveHour;
    this.sevenDayUtilization = sevenDay;
  }

  /** The unified headers every response carries. */
  headers(): Record<string, string> {
    const fiveHourReset = this.resetOf('five_hour');
    const sevenDayReset = this.resetOf('seven_day');
    const claim = this.representativeClaim();
    return {
      'anthropic-ratelimit-unified-status': statusOf(Math.max(this.fiveHourUtilization, this.sevenDayUtilization)),
      'anthropic-ratelimit-unified-reset': String(claim === 'five_hour' ? fiveHourReset : sevenDayReset),
      'anthropic-ratelimit-unified-representative-claim': claim,
      'anthropic-ratelimit-unified-5h-status': statusOf(this.fiveHourUtilization),
      'anthropic-ratelimit-unified-5h-utilization': String(this.fiveHourUtilization),
      'anthropic-ratelimit-unified-5h-reset': String(fiveHourReset),
      'anthropic-ratelimit-unified-7d-status': statusOf(this.sevenDayUtilization),
      'anthropic-ratelimit-unified-7d-utilization': String(this.sevenDayUtilization),
      'anthropic-ratelimit-unified-7d-reset': String(sevenDayReset),
    };
  }

  /** The headers of a 429: the five-hour window is spent and opens again after `retryAfterSeconds`. */
  rejectedHeaders(retryAfterSeconds: number): Record<string, string> {
    const reset = String(this.unixSeconds(this.now()) + retryAfterSeconds);
    return {
      ...this.headers(),
      'retry-after': String(retryAfterSeconds),
      'anthropic-ratelimit-unified-status': 'rejected',
      'anthropic-ratelimit-unified-reset': reset,
      'anthropic-ratelimit-unified-representative-claim': 'five_hour',
      'anthropic-ratelimit-unified-5h-status': 'rejected',
      'anthropic-ratelimit-unified-5h-utilization': '1',
      'anthropic-ratelimit-unified-5h-reset': reset,
    };
  }

  /** When a window is used up (utilization ≥ 1), the seconds until it resets; else null. */
  secondsUntilAvailable(): number | null {
    const claim = this.representativeClaim();
    const utilization = claim === 'five_hour' ? this.fiveHourUtilization : this.sevenDayUtilization;
    if (utilization < 1) return null;
    return Math.max(1, this.resetOf(claim) - this.unixSeconds(this.now()));
  }

  /** GET /api/oauth/usage: utilization in percent (0–100), resets as ISO dates. */
  usageBody(): Record<string, unknown> {
    const window = (utilization: number, claim: Claim) => ({
      utilization: Math.round(utilization * 10_000) / 100,
      resets_at: new Date(this.resetOf(claim) * 1000).toISOString(),
    });
    return {
      five_hour: window(this.fiveHourUtilization, 'five_hour'),
      seven_day: window(this.sevenDayUtilization, 'seven_day'),
      seven_day_opus: null,
      seven_day_sonnet: window(0, 'seven_day'),
    };
  }

  private representativeClaim(): Claim {
    return this.sevenDayUtilization > this.fiveHourUtilization ? 'seven_day' : 'five_hour';
  }

  /** The window's next reset, in unix seconds. */
  private resetOf(claim: Claim): number {
    const length = claim === 'five_hour' ? FIVE_HOURS_MS : SEVEN_DAYS_MS;
    const windowsPassed = Math.floor((this.now() - this.startedAt) / length);
    return this.unixSeconds(this.startedAt + (windowsPassed + 1) * length);
  }

  private unixSeconds(ms: number): number {
    return Math.ceil(ms / 1000);
  }
}

function statusOf(utilization: number): UnifiedStatus {
  if (utilization >= 1) return 'rejected';
  return utilization >= WARNING_UTILIZATION ? 'allowed_warning' : 'allowed';
}

/** GET /api/oauth/profile for an account of the token registry (a Max 20x subscriber). */
export function profileBody(account: string): Record<string, unknown> {
  return {
    account: {
      uuid: uuidFrom(`account:${account}`),
      email: account,
      display_name: account.split('@')[0] ?? account,
      has_claude_pro: false,
      has_claude_max: true,
    },
    organization: {
      uuid: organizationIdOf(account),
      name: `${account}'s Organization`,
      organization_type: 'claude_max',
      rate_limit_tier: 'default_claude_max_20x',
      subscription_status: 'active',
    },
  };
}

/** The uuid of the account's organization: the profile's, and the anthropic-organization-id header of every answer. */
export function organizationIdOf(account: string): string {
  return uuidFrom(`organization:${account}`);
}

/** A stable, UUID-shaped id, so the same account always has the same uuid. */
function uuidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
