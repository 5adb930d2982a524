/**
 * What Anthropic's terms mean for someone using Switchboard (PROTOCOLS.md, policy notes). One text, shown by
 * `switchboard login anthropic` and reusable by the README and the dashboard's login dialog.
 */
export const ANTHROPIC_POLICY_NOTE = [
  'Before you log in: Claude subscription (Pro/Max) OAuth tokens are meant for Claude Code.',
  "Requests that Anthropic classifies as coming from a third-party app are billed to your account's extra usage,",
  'not to your plan (Anthropic then answers "Third-party apps now draw from your extra usage…").',
  'Claude Code itself, pointed at Switchboard, stays Claude Code traffic and uses your plan as usual.',
].join('\n');
