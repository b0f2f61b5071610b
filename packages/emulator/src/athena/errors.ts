import { AwsError } from '../protocol/errors.js';

/**
 * Athena's error codes and messages. Messages were taken from real Athena answers quoted in public reports
 * (see the tests for each); `AthenaErrorCode` is Athena's finer code inside InvalidRequestException.
 * Athena sends `AthenaErrorCode` (and `ErrorCode` with the same value) as extra members of the error body.
 */
export class AthenaRequestError extends AwsError {
  constructor(code: string, message: string, athenaErrorCode?: string) {
    super(code, message, 400, athenaErrorCode ? { AthenaErrorCode: athenaErrorCode, ErrorCode: athenaErrorCode } : {});
  }
}

export const athenaErrors = {
  invalidRequest: (message: string, athenaErrorCode?: string) =>
    new AthenaRequestError('InvalidRequestException', message, athenaErrorCode),
  invalidInput: (message: string) => new AthenaRequestError('InvalidRequestException', message, 'INVALID_INPUT'),
  resourceNotFound: (message: string) => new AthenaRequestError('ResourceNotFoundException', message),
  metadata: (message: string) => new AthenaRequestError('MetadataException', message),
  queryNotFound: (id: string) =>
    new AthenaRequestError(
      'InvalidRequestException',
      `QueryExecution ${id} was not found`,
      'QUERY_EXECUTION_NOT_FOUND',
    ),
  workGroupNotFound: () =>
    new AthenaRequestError('InvalidRequestException', 'WorkGroup is not found.', 'INVALID_INPUT'),
  malformedToken: (token: string) =>
    new AthenaRequestError('InvalidRequestException', `Malformed nextPageToken ${token}`, 'INVALID_INPUT'),
} as const;
