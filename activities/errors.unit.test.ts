import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { SpreadsheetError } from '../connectors/spreadsheet';
import { BadConfigurationError, BadInputError, classify } from './errors';

describe('failure classification', () => {
  it.each([
    [new BadInputError('file not found: x.csv'), 'BadInput'],
    [Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }), 'BadInput'],
    [new BadConfigurationError('mapping is for contacts'), 'BadConfiguration'],
    [Object.assign(new Error('column "phase_ms" does not exist'), { code: '42703' }), 'BadConfiguration'],
    [Object.assign(new Error('relation "sync_runs" does not exist'), { code: '42P01' }), 'BadConfiguration'],
  ])('%s → non-retryable %s', (err, type) => {
    const f = classify(err) as ApplicationFailure;
    expect(f).toBeInstanceOf(ApplicationFailure);
    expect(f.type).toBe(type);
    expect(f.nonRetryable).toBe(true);
  });

  it('classifies reader errors as bad input', () => {
    const e = Object.create(SpreadsheetError.prototype) as SpreadsheetError;
    Object.assign(e, { message: 'x.xlsx is not a zip package', code: 'not_a_zip' });
    expect((classify(e) as ApplicationFailure).type).toBe('BadInput');
  });

  it('leaves transient failures to the retry policy', () => {
    const e = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    expect(classify(e)).toBe(e);
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    expect(classify(deadlock)).toBe(deadlock);
  });
});
