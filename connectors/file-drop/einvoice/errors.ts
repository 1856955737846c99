/**
 * File-level failures of the e-invoice parsers. A file that fails is quarantined whole by the
 * file-drop reader, with `message` as the reason: it always names the file and says why (for an
 * unsupported version, which version). Never retryable: the same bytes fail the same way.
 */

export type EInvoiceErrorCode =
  /** Neither FatturaPA nor KSeF XML, nor a signed envelope around one. */
  | 'not_an_einvoice'
  /** A FatturaPA or KSeF document in a version crmhub does not read (FPR11, FA (1), FSM10 …). */
  | 'unsupported_version'
  /** A .p7m that is not a CMS/PKCS#7 SignedData with the document inside (damaged, detached, encrypted). */
  | 'bad_signature_envelope'
  /** Not well-formed XML, or text in an encoding that cannot be decoded. */
  | 'malformed_xml'
  /** Well-formed and in a supported version, but a required element is missing or holds a value the schema forbids. */
  | 'invalid_document';

export class EInvoiceError extends Error {
  override name = 'EInvoiceError';
  readonly retryable = false;

  constructor(
    readonly code: EInvoiceErrorCode,
    readonly file: string,
    reason: string,
    /** For unsupported_version: the version as the file states it (versione, kodSystemowy, namespace). */
    readonly version?: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, options);
  }
}
