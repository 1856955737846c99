/** One problem in a mapping, located by a readable path such as `columns["Razón social"].field`. */
export interface MappingIssue {
  path: string;
  message: string;
}

/**
 * A mapping that cannot be used. The message lists every issue as `origin: path: message`, one
 * per line, so a user fixing a hand-written file sees all problems at once instead of one per run.
 */
export class MappingError extends Error {
  override readonly name = 'MappingError';

  constructor(
    readonly origin: string,
    readonly issues: readonly MappingIssue[],
  ) {
    super(issues.map((issue) => `${origin}: ${issue.path}: ${issue.message}`).join('\n'));
  }
}
