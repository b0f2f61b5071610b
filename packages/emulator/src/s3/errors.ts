import { AwsError } from '../protocol/errors.js';

/** An S3 error: an `AwsError` with the extra elements S3 puts in `<Error>` (e.g. `<Key>`, `<BucketName>`). */
export class S3Error extends AwsError {
  constructor(
    code: string,
    message: string,
    status: number,
    /** Extra `<Error>` children, in order, e.g. `{ Key: 'a/b' }`. */
    readonly extra: Readonly<Record<string, string>> = {},
  ) {
    super(code, message, status);
  }
}

/** S3's error codes with the status and wording S3 uses (S3 API reference, "List of error codes"). */
export const s3Errors = {
  noSuchBucket: (bucket: string) =>
    new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket }),
  noSuchKey: (key: string) => new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key }),
  bucketNotEmpty: (bucket: string) =>
    new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket }),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    new S3Error(
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      409,
      { BucketName: bucket },
    ),
  bucketAlreadyExists: (bucket: string) =>
    new S3Error(
      'BucketAlreadyExists',
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
      409,
      { BucketName: bucket },
    ),
  invalidBucketName: (bucket: string) =>
    new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket }),
  noSuchUpload: (uploadId: string) =>
    new S3Error(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      404,
      { UploadId: uploadId },
    ),
  invalidPart: (uploadId: string, partNumber: number, etag: string) =>
    new S3Error(
      'InvalidPart',
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      400,
      { UploadId: uploadId, PartNumber: String(partNumber), ETag: etag },
    ),
  invalidPartOrder: (uploadId: string) =>
    new S3Error(
      'InvalidPartOrder',
      'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
      400,
      { UploadId: uploadId },
    ),
  entityTooSmall: (size: number) =>
    new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, {
      ProposedSize: String(size),
      MinSizeAllowed: String(5 * 1024 * 1024),
    }),
  invalidRange: (size: number, range: string) =>
    new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, {
      RangeRequested: range,
      ActualObjectSize: String(size),
    }),
  preconditionFailed: (condition: string) =>
    new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, {
      Condition: condition,
    }),
  badDigest: (message = 'The Content-MD5 you specified did not match what we received.') =>
    new S3Error('BadDigest', message, 400),
  invalidDigest: () => new S3Error('InvalidDigest', 'The Content-MD5 you specified is not valid.', 400),
  invalidArgument: (message: string, name?: string, value?: string) =>
    new S3Error(
      'InvalidArgument',
      message,
      400,
      name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? '' },
    ),
  invalidRequest: (message: string) => new S3Error('InvalidRequest', message, 400),
  malformedXml: () =>
    new S3Error(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    ),
  metadataTooLarge: (max: number) =>
    new S3Error('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', 400, {
      MaxSizeAllowed: String(max),
    }),
  keyTooLong: () => new S3Error('KeyTooLongError', 'Your key is too long', 400),
  invalidTag: (message: string) => new S3Error('InvalidTag', message, 400),
  methodNotAllowed: (method: string, resource: string) =>
    new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, {
      Method: method,
      ResourceType: resource,
    }),
  /** An S3 operation lakebox does not implement: S3 would say 501, lakebox answers 4xx so clients do not retry. */
  notImplemented: (operation: string) =>
    new S3Error('NotImplemented', `lakebox does not implement the S3 operation ${operation}.`, 400),
} as const;
