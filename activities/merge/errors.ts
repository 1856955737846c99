/** Refusals a person can act on: the CLI prints them as one line. */
export class MergeRefusedError extends Error {
  constructor(message: string, readonly code: 'not_found' | 'already_merged' | 'different_tax_ids' | 'not_duplicate' | 'already_undone' | 'later_merge' | 'bad_request') {
    super(message);
  }
}
