/**
 * The renderer's Content-Security-Policy, one source for the built index.html (injected by the
 * build as a <meta>), the browser-mode server's header and the tests. No inline or eval'd script
 * or style: Vue and Element Plus set styles through the CSSOM, which CSP allows.
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
].join('; ');

/**
 * The same policy as an HTTP header, which can also forbid framing: frame-ancestors is ignored
 * (with a console error) in a <meta> tag, so it is only sent where headers exist (browser mode).
 */
export const contentSecurityPolicyHeader = `${contentSecurityPolicy}; frame-ancestors 'none'`;
