import { describe, expect, it } from 'vitest';
import { SqlSourceError, classifySqlError, toSqlSourceError } from './errors';
import { redact } from './redact';

const ctx = { host: 'erp.example.com', port: 3306, user: 'crm_reader', database: 'dolibarr', password: 'p@ss;w0rd%' };
const err = (props: Record<string, unknown>, message = String(props.sqlMessage ?? 'boom')) => Object.assign(new Error(message), props);

describe('classifySqlError', () => {
  it.each([
    ['DNS: unknown host', err({ code: 'ENOTFOUND', hostname: 'erp.example.com' }), 'config', 'unknown host "erp.example.com": the name does not resolve (check the host in the URL)'],
    ['DNS: temporary failure', err({ code: 'EAI_AGAIN' }), 'transient', /cannot resolve host "erp.example.com" right now/],
    ['connection refused', err({ code: 'ECONNREFUSED' }), 'transient', 'connection refused by erp.example.com:3306: no database server listens there (is it running? right port?)'],
    ['connect timeout', err({ code: 'ETIMEDOUT' }, 'connect ETIMEDOUT'), 'transient', /^timed out connecting to erp.example.com:3306/],
    ['connection reset mid-read', err({ code: 'ECONNRESET' }, 'read ECONNRESET'), 'transient', /^connection to erp.example.com:3306 lost \(ECONNRESET\)/],
    ['MariaDB server gone away', err({ code: 'PROTOCOL_CONNECTION_LOST', fatal: true }, 'Connection lost: The server closed the connection.'), 'transient', /lost/],
    ['MariaDB access denied', err({ code: 'ER_ACCESS_DENIED_ERROR', errno: 1045, sqlState: '28000', sqlMessage: "Access denied for user 'crm_reader'@'10.0.0.5' (using password: YES)" }), 'auth',
      'access denied for user "crm_reader" on erp.example.com:3306: Access denied for user \'crm_reader\'@\'10.0.0.5\' (using password: YES)'],
    ['MariaDB no grant on the database', err({ code: 'ER_DBACCESS_DENIED_ERROR', errno: 1044, sqlMessage: "Access denied for user 'crm_reader'@'%' to database 'dolibarr'" }), 'auth', /^access denied for user "crm_reader"/],
    ['MariaDB unknown database', err({ code: 'ER_BAD_DB_ERROR', errno: 1049, sqlMessage: "Unknown database 'dolibarr'" }), 'config', 'unknown database "dolibarr" on erp.example.com:3306: Unknown database \'dolibarr\''],
    ['MariaDB syntax error', err({ code: 'ER_PARSE_ERROR', errno: 1064, sqlState: '42000', sqlMessage: "You have an error in your SQL syntax; check the manual near '' at line 3" }), 'query', /^the query failed \(ER_PARSE_ERROR\): You have an error in your SQL syntax/],
    ['MariaDB unknown table', err({ code: 'ER_NO_SUCH_TABLE', errno: 1146, sqlMessage: "Table 'dolibarr.llx_factur' doesn't exist" }), 'query', /doesn't exist/],
    ['MariaDB statement timeout', err({ code: 'ER_STATEMENT_TIMEOUT', errno: 1969, sqlMessage: 'Query execution was interrupted (max_statement_time exceeded)' }), 'transient', /^timeout: the statement ran longer than connection.statementTimeoutSeconds/],
    ['MariaDB KILL', err({ code: 'ER_CONNECTION_KILLED', errno: 1927, sqlMessage: 'Connection was killed' }), 'transient', /dropped the session/],
    ['MariaDB shutdown', err({ code: 'ER_SERVER_SHUTDOWN', errno: 1053, sqlMessage: 'Server shutdown in progress' }), 'transient', /dropped the session/],
    ['MariaDB deadlock', err({ code: 'ER_LOCK_DEADLOCK', errno: 1213, sqlMessage: 'Deadlock found' }), 'transient', /Deadlock/],
    ['PostgreSQL bad password', err({ code: '28P01' }, 'password authentication failed for user "crm_reader"'), 'auth', 'access denied for user "crm_reader" on erp.example.com:3306: password authentication failed for user "crm_reader"'],
    ['PostgreSQL unknown role', err({ code: '28000' }, 'role "crm_reader" does not exist'), 'auth', /does not exist/],
    ['PostgreSQL unknown database', err({ code: '3D000' }, 'database "dolibarr" does not exist'), 'config', /^unknown database "dolibarr"/],
    ['PostgreSQL syntax error', err({ code: '42601' }, 'syntax error at or near "FORM"'), 'query', 'the query failed (42601): syntax error at or near "FORM"'],
    ['PostgreSQL permission', err({ code: '42501' }, 'permission denied for table llx_facture'), 'auth', /^permission denied for user "crm_reader"/],
    ['PostgreSQL division by zero in the query', err({ code: '22012' }, 'division by zero'), 'query', /division by zero/],
    ['PostgreSQL statement timeout', err({ code: '57014' }, 'canceling statement due to statement timeout'), 'transient', /^timeout/],
    ['PostgreSQL terminated backend', err({ code: '57P01' }, 'terminating connection due to administrator command'), 'transient', /dropped the session/],
    ['PostgreSQL socket ended', new Error('Connection terminated unexpectedly'), 'transient', /lost: Connection terminated unexpectedly/],
    ['TLS certificate', err({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'self-signed certificate'), 'config', /^TLS problem with erp.example.com:3306/],
    ['our own refusal', new SqlSourceError('query', 'stream invoices: the query returns no external_id column'), 'query', 'stream invoices: the query returns no external_id column'],
    ['anything else', new Error('something odd'), 'transient', 'something odd'],
  ])('%s', (_what, error, kind, message) => {
    const out = classifySqlError(error, ctx);
    expect(out.kind).toBe(kind);
    if (typeof message === 'string') expect(out.message).toBe(message);
    else expect(out.message).toMatch(message);
  });

  it('names the stream when the error happened in one', () => {
    expect(classifySqlError(err({ code: '42703' }, 'column f.totl does not exist'), { ...ctx, stream: 'invoices' }).message)
      .toBe('stream invoices: the query failed (42703): column f.totl does not exist');
  });

  it('makes multi-line server messages one line and never shows the password', () => {
    const e = err({ code: 'ECONNRESET' }, `failed for mysql://crm_reader:${encodeURIComponent(ctx.password)}@erp.example.com/dolibarr\nwith ${ctx.password}`);
    const out = classifySqlError(e, ctx);
    expect(out.message).not.toContain('\n');
    expect(out.message).not.toContain(ctx.password);
    expect(out.message).not.toContain(encodeURIComponent(ctx.password));
    expect(out.message).toContain('mysql://crm_reader:***@erp.example.com/dolibarr');
    const wrapped = toSqlSourceError(e, ctx);
    expect(wrapped).toBeInstanceOf(SqlSourceError);
    expect(wrapped.kind).toBe('transient');
    expect(wrapped.cause).toBeUndefined(); // the driver error (and whatever it quotes) stays behind
  });
});

describe('redact', () => {
  it.each([
    ['postgres://app:s3cr3t@db:5432/erp', [], 'postgres://app:***@db:5432/erp'],
    ['see mysql://root:p%40ss@h/x and mariadb://u:v@h2', [], 'see mysql://root:***@h/x and mariadb://u:***@h2'],
    ['postgres://app@db/erp has no password', [], 'postgres://app@db/erp has no password'],
    ['password was p@ss;w0rd% or p%40ss%3Bw0rd%25', ['p@ss;w0rd%'], 'password was *** or ***'],
    ['nothing secret', [undefined, ''], 'nothing secret'],
    ['example mysql://<user>:<password>@<host>/<db>', [], 'example mysql://<user>:<password>@<host>/<db>'],
  ])('%s', (text, secrets, expected) => {
    expect(redact(text, secrets)).toBe(expected);
  });
});
