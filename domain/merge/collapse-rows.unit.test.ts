import { describe, expect, it } from 'vitest';
import { collapseMembers, type GroupMember } from './collapse-rows';

const m = (row: number, payload: Record<string, unknown>): GroupMember => ({ row, hash: `h${row}`, payload: { extras: {}, ...payload } });

describe('collapseMembers: the same record twice in one export becomes one source payload', () => {
  it.each([
    {
      name: 'the later row wins a field both rows give',
      members: [m(5, { name: 'Pérez', phone: '+34911111111' }), m(9, { name: 'Pérez', phone: '+34922222222' })],
      expected: { phone: '+34922222222' },
    },
    {
      name: 'an empty cell in the later row does not blank the earlier value',
      members: [m(5, { name: 'Pérez', phone: '+34911111111' }), m(9, { name: 'Pérez', phone: null })],
      expected: { phone: '+34911111111' },
    },
    {
      name: 'phones and e-mails the earlier row gave are kept as additional ones',
      members: [m(5, { name: 'Pérez', email: 'a@perez.es', additional_emails: [] }), m(9, { name: 'Pérez', email: 'b@perez.es', additional_emails: [] })],
      expected: { email: 'b@perez.es', additional_emails: ['a@perez.es'] },
    },
    {
      name: 'an address block comes whole from one row, never mixed',
      members: [m(5, { name: 'P', street1: 'Calle Mayor 1', postcode: '28001', city: 'Madrid' }), m(9, { name: 'P', street1: null, postcode: null, city: 'Getafe' })],
      expected: { street1: null, postcode: null, city: 'Getafe' },
    },
    {
      name: 'extras: later keys win, earlier keys stay',
      members: [m(5, { name: 'P', extras: { a: '1', b: '1' } }), m(9, { name: 'P', extras: { b: '2' } })],
      expected: { extras: { a: '1', b: '2' } },
    },
    {
      name: 'a field outside the rules (an account manager) takes the later non-empty value',
      members: [m(5, { name: 'P', account_manager: 'Ana' }), m(9, { name: 'P', account_manager: null })],
      expected: { account_manager: 'Ana' },
    },
  ])('$name', ({ members, expected }) => {
    expect(collapseMembers('accounts', members)).toMatchObject(expected);
  });

  it('does not depend on the order the members are given in', () => {
    const a = m(5, { name: 'Pérez', phone: '+34911111111', email: 'a@perez.es', additional_emails: [] });
    const b = m(9, { name: 'PEREZ', phone: '+34922222222', email: 'b@perez.es', additional_emails: [] });
    expect(collapseMembers('accounts', [b, a])).toEqual(collapseMembers('accounts', [a, b]));
  });

  it('a single member is its own payload', () => {
    expect(collapseMembers('accounts', [m(3, { name: 'Solo', phone: null })])).toEqual({ name: 'Solo', phone: null, extras: {} });
  });
});
