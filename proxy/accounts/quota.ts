/**
 * A provider's usage limit as one window, in the same terms for every provider: Claude's 5-hour and 7-day
 * windows, Codex's primary and secondary, Cursor's plan period.
 */
export interface QuotaWindow {
  /** Stable machine name: "five_hour", "seven_day", "seven_day_opus", "primary", "plan", … */
  name: string;
  /** For people: "5-hour limit", "weekly limit", "weekly Opus limit". */
  label: string;
  /** 0–100. */
  usedPercent: number;
  /** When the window resets (ISO 8601), or null when the provider does not say. */
  resetsAt: string | null;
}

/** Credits a plan holds besides its windows (ChatGPT's), when the provider reports them. */
export interface QuotaCredits {
  hasCredits: boolean;
  unlimited: boolean;
  /** The balance as the provider writes it (a decimal string); null when it does not say. */
  balance: string | null;
}

export interface QuotaSnapshot {
  windows: QuotaWindow[];
  /** Absent when the provider reports none. */
  credits?: QuotaCredits;
  /** Where the numbers come from: live response headers or the provider's usage endpoint. */
  source: 'headers' | 'usage-endpoint';
  /** When they were read (ISO 8601). */
  observedAt: string;
}
