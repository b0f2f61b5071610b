/**
 * What lakebox reads from a SigV4 signature: the access key id and the credential scope.
 * Signatures are never checked (any credentials work, with no clock-skew check).
 */
export interface CredentialScope {
  accessKeyId: string;
  region: string;
  service: string;
}

const SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** From `Authorization: AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/glue/aws4_request, ...`
 *  or from a presigned URL's `X-Amz-Credential`. */
export function parseCredentialScope(
  authorization: string | undefined,
  query?: string | null,
): CredentialScope | undefined {
  const source = authorization ?? (query ? `Credential=${query}` : undefined);
  if (!source) return undefined;
  const m = SCOPE.exec(source);
  if (!m) return undefined;
  const [, accessKeyId = '', region = '', service = ''] = m;
  return { accessKeyId, region, service };
}

/** A 12-digit access key id names the account (LocalStack's convention); anything else uses the default. */
export function accountFromAccessKey(accessKeyId: string | undefined, fallback: string): string {
  return accessKeyId && /^\d{12}$/.test(accessKeyId) ? accessKeyId : fallback;
}
