/**
 * The staff console's Content Security Policy, one definition for CloudFront (infra/constructs/console.ts)
 * and the local API (infra/local/console-files.ts): scripts and styles from the console's own origin only
 * (no inline script, no eval), calls to its own origin and the given API and sign-in origins, no framing.
 */
export function consoleCsp(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
