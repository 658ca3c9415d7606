/**
 * The one error type of tpo. Every failure a user can cause or fix is a `TpoError` with a `code`;
 * the CLI prints its message on one line and exits non-zero, the server maps the code to an HTTP status.
 */
export type TpoErrorCode =
  | 'NotFound'
  | 'Invalid'
  | 'Conflict'
  | 'PreconditionRequired'
  | 'NotAGitRepo'
  | 'UnknownRevision'
  | 'GitFailed'
  | 'StoreFailed'
  | 'Unauthorized'
  | 'Forbidden'
  | 'Busy'
  /** A CI gate (`--fail-on`) found what it was told to fail on; the report was printed before. */
  | 'GateFailed'
  /** A remote service (a tracker's API) failed for a reason other than bad input. */
  | 'RemoteFailed';

/** Exit status of the CLI for each error code (2: bad input or environment, 3: conflict, 1: anything else). */
export const EXIT_CODES: Readonly<Record<TpoErrorCode, number>> = {
  NotFound: 2,
  Invalid: 2,
  Conflict: 3,
  PreconditionRequired: 2,
  NotAGitRepo: 2,
  UnknownRevision: 2,
  GitFailed: 1,
  StoreFailed: 1,
  Unauthorized: 2,
  Forbidden: 2,
  Busy: 4,
  GateFailed: 1,
  RemoteFailed: 1,
};

/**
 * Marks every TpoError, whichever copy of this module made it: each bundled command path (dist/scan/,
 * dist/quick-locate.js) carries its own copy of the class, and an error that crosses from one copy to another must
 * still be recognised as ours.
 */
const TPO_ERROR = Symbol.for('tpo.TpoError');

export class TpoError extends Error {
  readonly [TPO_ERROR] = true;
  readonly code: TpoErrorCode;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(
    code: TpoErrorCode,
    message: string,
    context: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'TpoError';
    this.code = code;
    this.context = context;
  }
}

/** Whether `error` is a TpoError, also one made by another copy of this module (see TPO_ERROR). */
export function isTpoError(error: unknown): error is TpoError {
  return (
    error instanceof TpoError ||
    (error instanceof Error && (error as Partial<Record<typeof TPO_ERROR, unknown>>)[TPO_ERROR] === true)
  );
}
