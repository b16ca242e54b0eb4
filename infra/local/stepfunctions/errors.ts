/** An error of the Step Functions API: `code` is the AWS error code sent as `__type`. */
export class SfnError extends Error {
  readonly code: string;
  readonly statusCode: number;

  constructor(code: string, message: string, statusCode = 400) {
    super(message);
    this.name = code;
    this.code = code;
    this.statusCode = statusCode;
  }
}

export function validationError(field: string, constraint: string): SfnError {
  return new SfnError(
    'ValidationException',
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}
