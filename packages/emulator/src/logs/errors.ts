import { AwsError } from '../protocol/errors.js';

/** CloudWatch Logs' error codes, with its wording. */
export const logsErrors = {
  groupNotFound: () => new AwsError('ResourceNotFoundException', 'The specified log group does not exist.'),
  streamNotFound: () => new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.'),
  invalidParameter: (message: string) => new AwsError('InvalidParameterException', message),
};
