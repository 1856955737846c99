import { describe, expect, it } from 'vitest';
import { checkSingleSelect } from './query-check';

describe('checkSingleSelect', () => {
  it.each([
    ['mysql', 'SELECT s.rowid AS external_id FROM llx_societe s', 'SELECT s.rowid AS external_id FROM llx_societe s'],
    ['mysql', 'SELECT 1 AS external_id;  \n', 'SELECT 1 AS external_id'],
    ['mysql', "SELECT 'a;b' AS external_id, \"c;d\" AS x, `e;f` FROM t -- ; DROP TABLE t\n", "SELECT 'a;b' AS external_id, \"c;d\" AS x, `e;f` FROM t -- ; DROP TABLE t"],
    ['mysql', "SELECT 'it\\'s; fine' AS external_id # ; DELETE\n", "SELECT 'it\\'s; fine' AS external_id # ; DELETE"],
    ['mysql', '/* header; */ WITH x AS (SELECT 1 AS external_id) SELECT * FROM x', '/* header; */ WITH x AS (SELECT 1 AS external_id) SELECT * FROM x'],
    ['mysql', '(SELECT 1 AS external_id) UNION ALL (SELECT 2)', '(SELECT 1 AS external_id) UNION ALL (SELECT 2)'],
    ['pg', "SELECT $$a;b$$ AS external_id, $tag$ ; $tag$ AS y", "SELECT $$a;b$$ AS external_id, $tag$ ; $tag$ AS y"],
    ['pg', "SELECT E'it\\'s; fine' AS external_id", "SELECT E'it\\'s; fine' AS external_id"],
    ['pg', "SELECT 'a''; b' AS external_id /* outer /* nested; */ still comment; */", "SELECT 'a''; b' AS external_id /* outer /* nested; */ still comment; */"],
    ['pg', 'SELECT id::text AS external_id, $1 FROM t;', 'SELECT id::text AS external_id, $1 FROM t'],
  ] as const)('%s accepts %j', (client, query, sql) => {
    expect(checkSingleSelect(query, client)).toEqual({ ok: true, sql });
  });

  it.each([
    ['mysql', 'SELECT 1 AS external_id; DROP TABLE llx_societe', /single SELECT: found ";" followed by another statement at character 24/],
    ['mysql', 'SELECT 1;;', /single SELECT/],
    ['mysql', 'DELETE FROM llx_societe', /starts with DELETE/],
    ['mysql', 'CALL export_customers()', /starts with CALL/],
    ['pg', 'INSERT INTO t SELECT 1', /starts with INSERT/],
    ['pg', "SELECT 'unterminated", /unterminated ' quote starting at character 8/],
    ['pg', 'SELECT 1 /* open', /unterminated \/\* comment/],
    ['pg', 'SELECT $x$ open', /unterminated \$x\$ string/],
    ['pg', '-- only a comment', /is empty/],
    // In PostgreSQL a backslash does not escape a plain string: the quote ends it and `;` follows.
    ['pg', "SELECT 'a\\'; DROP TABLE t; --'", /single SELECT/],
  ] as const)('%s refuses %j', (client, query, message) => {
    const r = checkSingleSelect(query, client);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});
