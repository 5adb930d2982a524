/**
 * What OpenAI's terms mean for someone using Switchboard with a ChatGPT login (PROTOCOLS.md, policy notes): shown
 * before a login, reusable by the README and the dashboard's login dialog.
 */
export const CODEX_POLICY_NOTE = [
  'Before you sign in: relaying a ChatGPT session is for your own personal use; OpenAI’s terms do not permit sharing it.',
  'Requests count against your ChatGPT plan’s Codex limits.',
].join('\n');
