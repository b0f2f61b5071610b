/** Defaults shared by the emulator, the reconciler and the tests. */
export const DEFAULT_PORT = 4566;
export const DEFAULT_HOST = '127.0.0.1';
/** Account used when the access key id is not a 12-digit number (moto and LocalStack use the same). */
export const DEFAULT_ACCOUNT_ID = '000000000000';
/** Region used when a request carries no SigV4 credential scope. */
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_DATA_DIR = '.lakebox';

/** The principal every request acts as; returned as `CreatedBy` and by STS GetCallerIdentity. */
export function callerArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}
