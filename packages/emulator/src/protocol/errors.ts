/**
 * The one error model of the JSON 1.1 services (Glue, Athena) and the base of the others.
 *
 * Model code throws `AwsError`s named after AWS error codes; the protocol layer encodes them once
 * (`__type` + `x-amzn-ErrorType`). Anything else that escapes a handler is an `InternalFailure`.
 */
export class AwsError extends Error {
  /** AWS error code, e.g. `EntityNotFoundException`; SDKs map it to their typed exception class. */
  readonly code: string;
  /** HTTP status. 4xx for caller faults; 5xx only for real server faults (SDKs retry those). */
  readonly status: number;
  /** Extra members of the error body some services send, e.g. Athena's `AthenaErrorCode`. Not for the message. */
  readonly fields: Readonly<Record<string, string>>;

  constructor(code: string, message: string, status = 400, fields: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.fields = fields;
  }

  get senderFault(): boolean {
    return this.status < 500;
  }
}

/** Factories fix the code and the wording so every caller says the same thing AWS says. */
export const errors = {
  entityNotFound: (message: string) => new AwsError('EntityNotFoundException', message),
  alreadyExists: (message: string) => new AwsError('AlreadyExistsException', message),
  invalidInput: (message: string) => new AwsError('InvalidInputException', message),
  validation: (message: string) => new AwsError('ValidationException', message),
  limitExceeded: (message: string) => new AwsError('ResourceNumberLimitExceededException', message),
  concurrentModification: (message: string) => new AwsError('ConcurrentModificationException', message),
  /** An operation the service has but lakebox does not implement yet: 4xx so clients do not retry. */
  notImplemented: (service: string, operation: string) =>
    new AwsError(
      'UnknownOperationException',
      `Operation ${operation} of ${service} is not supported by lakebox yet.`,
      400,
    ),
  unknownOperation: (target: string) => new AwsError('UnknownOperationException', `Unknown operation ${target}.`, 400),
  serialization: (message: string) => new AwsError('SerializationException', message),
  internal: (message: string) => new AwsError('InternalFailure', message, 500),
} as const;

export function isAwsError(e: unknown): e is AwsError {
  return e instanceof AwsError;
}
