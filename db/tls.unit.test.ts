import { describe, expect, it } from 'vitest';
import { withTlsFromEnv } from './tls';

describe('withTlsFromEnv', () => {
  const url = 'postgres://crmhub_worker:pw@db:5432/crmhub';
  it('leaves a URL alone without PGSSL* variables', () => {
    expect(withTlsFromEnv(url, {})).toBe(url);
  });
  it('adds the CA and verify-full from the environment', () => {
    const u = new URL(withTlsFromEnv(url, { PGSSLROOTCERT: '/etc/crmhub/pg-ca.pem' }));
    expect(u.searchParams.get('sslrootcert')).toBe('/etc/crmhub/pg-ca.pem');
    expect(u.searchParams.get('sslmode')).toBe('verify-full');
  });
  it('never overrides what the URL says', () => {
    const u = new URL(withTlsFromEnv(`${url}?sslmode=no-verify`, { PGSSLMODE: 'verify-full', PGSSLCERT: '/c.pem', PGSSLKEY: '/k.pem' }));
    expect(u.searchParams.get('sslmode')).toBe('no-verify');
    expect(u.searchParams.get('sslcert')).toBe('/c.pem');
  });
  it('refuses an unknown sslmode', () => {
    expect(() => withTlsFromEnv(`${url}?sslmode=sometimes`, {})).toThrow('sslmode=sometimes');
  });
});
