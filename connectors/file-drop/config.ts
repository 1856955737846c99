/**
 * A file-drop source: a folder where an ERP, an accountant or the SdI/KSeF download drops files.
 * E-invoices (FatturaPA XML or signed .p7m, KSeF FA(2)/FA(3) XML) become invoices, their lines and
 * the counterpart's account. Patterns match file names case-insensitively (`*.xml` matches
 * `FATTURA.XML`). `ownTaxIds` lists our own tax ids: a document where we are the buyer is a
 * purchase invoice, skipped and counted.
 */
import { z } from 'zod';

export const FileDropConfig = z.strictObject({
  folder: z.string().min(1, 'the folder to read'),
  patterns: z.array(z.string().min(1)).min(1).default(['*.xml', '*.p7m']),
  ownTaxIds: z.array(z.string().min(1)).default([]),
  /** Read sub-folders too. */
  recursive: z.boolean().default(false),
});
export type FileDropConfig = z.infer<typeof FileDropConfig>;
export type FileDropConfigInput = z.input<typeof FileDropConfig>;

/** A glob of `*` and `?` as a case-insensitive regular expression over the file's name. */
export function patternRegex(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

export const FILE_DROP_STREAMS = ['accounts', 'invoices', 'invoice_lines'] as const;
