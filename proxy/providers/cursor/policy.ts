/**
 * What Cursor's terms mean for someone using Switchboard with a Cursor login (PROTOCOLS.md §3 "Policy"): shown
 * before a login, reusable by the README and the dashboard's login dialog.
 */
export const CURSOR_POLICY_NOTE = [
  'Experimental: Switchboard reaches Cursor through its app’s private, reverse-engineered chat path, which Cursor may change or refuse at any time.',
  'Cursor’s sanctioned route is its official SDK, @cursor/sdk, with an API key billed at token-based consumption pricing.',
  'Requests count against your Cursor plan’s limits; relaying a Cursor login is for your own personal use.',
].join('\n');
