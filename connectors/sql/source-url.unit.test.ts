import { describe, expect, it } from 'vitest';
import { SqlSourceError } from './errors';
import { parseSourceUrl, readSourceUrl } from './source-url';

describe('connection URL', () => {
  it('reads host, port, user, an encoded password, database and parameters', () => {
    expect(parseSourceUrl('mysql', 'mysql://crm_reader:p%40ss%3Bw0rd@erp.local:3307/dolibarr?ssl=true')).toEqual({
      host: 'erp.local', port: 3307, user: 'crm_reader', password: 'p@ss;w0rd', database: 'dolibarr', params: { ssl: 'true' },
    });
    expect(parseSourceUrl('pg', 'postgresql://odoo@[::1]/odoo')).toMatchObject({ host: '::1', port: 5432, user: 'odoo', password: '', database: 'odoo' });
    expect(parseSourceUrl('mysql', 'mariadb://root@127.0.0.1/erp')).toMatchObject({ port: 3306 });
  });

  it.each([
    [{}, 'environment variable ERP_DATABASE_URL is not set: it must hold the connection URL (mysql://<user>:<password>@<host>:3306/<database>)'],
    [{ ERP_DATABASE_URL: 'postgres://u:secret@h/db' }, 'ERP_DATABASE_URL is not a mysql:// or mariadb:// URL (it starts with "postgres:"; connection.client is "mysql"): expected mysql://<user>:<password>@<host>:3306/<database>'],
    [{ ERP_DATABASE_URL: 'mysql://u:secret@h' }, 'ERP_DATABASE_URL names no database (expected mysql://<user>:<password>@<host>:3306/<database>)'],
    [{ ERP_DATABASE_URL: 'erp.local:3306' }, 'ERP_DATABASE_URL is not a mysql:// or mariadb:// URL (it starts with "erp.local:"'],
    [{ ERP_DATABASE_URL: 'not a url' }, 'ERP_DATABASE_URL is not a URL'],
  ])('refuses %j as a config error without the password', (env, message) => {
    const err = (() => { try { readSourceUrl('mysql', 'ERP_DATABASE_URL', env); } catch (e) { return e; } })() as SqlSourceError;
    expect(err).toBeInstanceOf(SqlSourceError);
    expect(err.kind).toBe('config');
    expect(err.message).toContain(message);
    expect(err.message).not.toContain('secret');
  });
});
