/**
 * TLS to crmhub's PostgreSQL. The URL's own parameters work as node-postgres reads them:
 *   postgres://crmhub_worker:…@db.example:5432/crmhub?sslmode=verify-full&sslrootcert=/etc/crmhub/pg-ca.pem
 * and the libpq environment variables fill in what the URL leaves out, so a URL kept in a secret
 * store need not carry file paths: PGSSLMODE, PGSSLROOTCERT (the CA), PGSSLCERT and PGSSLKEY (a
 * client certificate, if the server asks for one).
 *
 * node-postgres is stricter than libpq: `require`, `verify-ca` and `verify-full` all verify the
 * server's certificate chain AND host name (Node's TLS defaults), so `require` against a server
 * whose CA is not trusted fails instead of encrypting blindly. `no-verify` encrypts without any
 * check; `disable` turns TLS off.
 */
const PARAMS = [['sslmode', 'PGSSLMODE'], ['sslrootcert', 'PGSSLROOTCERT'], ['sslcert', 'PGSSLCERT'], ['sslkey', 'PGSSLKEY']] as const;
const MODES = new Set(['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify']);

export function withTlsFromEnv(url: string, env: NodeJS.ProcessEnv = process.env): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url; // reported as unparseable where it is used
  }
  let changed = false;
  for (const [param, variable] of PARAMS) {
    const v = env[variable]?.trim();
    if (!v || u.searchParams.has(param)) continue;
    u.searchParams.set(param, v);
    changed = true;
  }
  const mode = u.searchParams.get('sslmode');
  if (mode && !MODES.has(mode)) throw new Error(`sslmode=${mode}: expected one of ${[...MODES].join(', ')}`);
  // A CA without a mode means "verify with this CA", as libpq does with sslrootcert.
  if (u.searchParams.has('sslrootcert') && !mode) {
    u.searchParams.set('sslmode', 'verify-full');
    changed = true;
  }
  return changed ? u.toString() : url;
}
