/**
 * The postal address block accounts and contacts share: its record shape, its cell parsers and
 * how parsed cells become record values. One definition, so both entities read and store an
 * address the same way (the matcher compares them with the same rules).
 */
import { z } from 'zod';
import { postcodeField, textField } from './field-parsers';

export const PostalAddress = z.strictObject({
  street1: z.string().nullable(),
  street2: z.string().nullable(),
  postcode: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
});
export type PostalAddress = z.infer<typeof PostalAddress>;

export const postalAddressFields = () => ({
  street1: textField(),
  street2: textField(),
  postcode: postcodeField(),
  city: textField(),
  region: textField(),
});

export function postalAddress(f: { [K in keyof PostalAddress]?: string | null }): PostalAddress {
  return {
    street1: f.street1 ?? null,
    street2: f.street2 ?? null,
    postcode: f.postcode ?? null,
    city: f.city ?? null,
    region: f.region ?? null,
  };
}
