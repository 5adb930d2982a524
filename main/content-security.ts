/**
 * The dashboard's Content-Security-Policy as main sends it in a header (the built page carries the same policy
 * in a meta tag, renderer/index.html). A header can say more than the tag: frame-ancestors keeps the page from
 * being framed.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
