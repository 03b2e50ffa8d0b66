/**
 * The error a filter expression with a syntax error raises (issue 12, "Filter expressions"): a caller bug, so a
 * `PubnubValidationError` on the `filterExpression` field, with the 0-based character position it names.
 */
import { PubnubValidationError } from '../errors.js';

/** A filter expression that does not parse. `position` is the 0-based offset of the offending character. */
export class PubnubFilterSyntaxError extends PubnubValidationError {
  /** 0-based offset in the expression where parsing failed. */
  readonly position: number;
  constructor(message: string, position: number) {
    super('filterExpression', `Invalid filter expression at position ${position}: ${message}`);
    this.position = position;
  }
}
