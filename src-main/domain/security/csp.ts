/**
 * The renderer's Content-Security-Policy, one source for the built index.html (injected by the
 * build), the browser-mode server's header and the tests. No inline or eval'd script or style:
 * Vue and Element Plus set styles through the CSSOM, which CSP allows.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
