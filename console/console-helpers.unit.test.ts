/** Pure helpers of the console: file names, local redirects, roles, secret handling, CSV cells. */
import { describe, expect, it } from 'vitest';
import { envValuesNamedBy, mask } from '../activities/wizard/test-source-connection';
import { allows } from './auth/roles';
import { safeLocalPath } from './http/render';
import { safeFileName } from './imports/receive-upload';
import { csvLine } from './runs/run-data';
import { envVarNames } from './sources/sources-data';

describe('console helpers', () => {
  it.each([
    ['clientes_erp.xlsx', 'clientes_erp.xlsx'],
    ['../../etc/passwd', 'passwd.csv'],
    ['C:\\Users\\ana\\Clientes 2025 (final).XLSX', 'Clientes_2025_final_.xlsx'],
    ['.hidden.csv', 'hidden.csv'],
    ['Контрагенты.csv', 'Контрагенты.csv'],
    ['<script>.csv', 'script_.csv'],
    ['', 'upload.csv'],
  ])('safeFileName(%j) = %j', (input, expected) => expect(safeFileName(input)).toBe(expected));

  it('keeps redirects on this site', () => {
    expect(safeLocalPath('/runs?kind=imports')).toBe('/runs?kind=imports');
    for (const bad of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)', '/a"onmouseover=x', 42]) expect(safeLocalPath(bad)).toBe('/');
  });

  it('orders roles: admin ⊃ reviewer ⊃ viewer', () => {
    expect(allows('admin', 'reviewer')).toBe(true);
    expect(allows('reviewer', 'admin')).toBe(false);
    expect(allows('viewer', 'reviewer')).toBe(false);
    expect(allows('viewer', 'viewer')).toBe(true);
  });

  it('names the variables a config points at, never their values, and masks the values in messages', () => {
    const config = { connection: { client: 'pg', urlEnv: 'ERP_DATABASE_URL', ssl: { caFile: '/x' } }, streams: { a: { query: 'SELECT 1', tokenEnv: 'ERP_TOKEN' } } };
    expect(envVarNames(config)).toEqual(['ERP_DATABASE_URL', 'ERP_TOKEN']);
    const env = { ERP_DATABASE_URL: 'postgres://u:p%40ss-w0rd@db/erp', ERP_TOKEN: 'tok-123456' };
    expect(envValuesNamedBy(config, env)).toEqual([env.ERP_DATABASE_URL, env.ERP_TOKEN]);
    expect(mask('failed postgres://u:p%40ss-w0rd@db/erp with tok-123456; password p@ss-w0rd', envValuesNamedBy(config, env))).toBe('failed *** with ***; password ***');
  });

  it('writes formula-safe CSV cells, numbers stay numbers', () => {
    expect(csvLine(['=1+1', '@SUM(A1)', '+x', '\tx', -5, '-5', 'a,b', null])).toBe(`'=1+1,'@SUM(A1),'+x,'\tx,-5,'-5,"a,b",\r\n`);
  });
});
