import { createHash, randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { asChecksumAlgorithm, type ChecksumAlgorithm, checksumHeader, checksummer } from '../checksums.js';
import { S3Error, s3Errors } from '../errors.js';
import { scratchDir } from '../object-store.js';
import { ChunkedBodyError, decodeAwsChunked } from './aws-chunked.js';
import { bodyStream, header, type S3Call } from './call.js';

/** Largest single PUT S3 accepts (5 GiB). */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

export interface ReceivedBody {
  /** Temp file under scratchDir holding the (decoded) bytes, fsynced. */
  file: string;
  size: number;
  /** Hex MD5 of the bytes. */
  md5: string;
  /** The checksum the client asked for, verified when lakebox computes that algorithm. */
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

/** True when the body uses the aws-chunked framing. */
function isAwsChunked(call: S3Call): boolean {
  const sha = header(call, 'x-amz-content-sha256') ?? '';
  const enc = header(call, 'content-encoding') ?? '';
  return sha.startsWith('STREAMING-') || enc.split(',').some((e) => e.trim() === 'aws-chunked');
}

/** Content-Encoding to store: the client's, without the transport-only `aws-chunked`. */
export function storedContentEncoding(call: S3Call): string | undefined {
  const enc = header(call, 'content-encoding');
  if (enc === undefined) return undefined;
  const rest = enc
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e !== 'aws-chunked');
  return rest.length > 0 ? rest.join(', ') : undefined;
}

/** The checksum algorithm named by the request: a checksum header, the trailer list, or the SDK's header. */
function requestedAlgorithm(call: S3Call): ChecksumAlgorithm | undefined {
  for (const a of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
    if (header(call, checksumHeader(a)) !== undefined) return a;
  }
  const trailer = header(call, 'x-amz-trailer');
  if (trailer) {
    const name = trailer.trim().toLowerCase();
    if (name.startsWith('x-amz-checksum-')) return asChecksumAlgorithm(name.slice('x-amz-checksum-'.length));
  }
  return asChecksumAlgorithm(header(call, 'x-amz-sdk-checksum-algorithm'));
}

/**
 * Stream the request body to a temp file under scratchDir (never whole in memory), decoding aws-chunked
 * framing, computing the MD5 and the requested checksum, and verifying Content-MD5 and the checksum.
 */
export async function receiveBody(call: S3Call, maxBytes = MAX_PUT_BYTES): Promise<ReceivedBody> {
  const contentMd5 = header(call, 'content-md5');
  if (contentMd5 !== undefined && Buffer.from(contentMd5, 'base64').length !== 16) throw s3Errors.invalidDigest();
  const algorithm = requestedAlgorithm(call);
  const sum = algorithm ? checksummer(algorithm) : undefined;
  const md5 = createHash('md5');
  const trailers = new Map<string, string>();
  const chunked = isAwsChunked(call);
  const source = chunked ? decodeAwsChunked(bodyStream(call), trailers) : bodyStream(call);
  const file = join(scratchDir(call.lakebox), `body-${randomUUID()}`);
  const fh = await open(file, 'w');
  let size = 0;
  try {
    try {
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, {
            MaxSizeAllowed: String(maxBytes),
          });
        }
        md5.update(chunk);
        sum?.update(chunk);
        await fh.write(chunk);
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    const decoded = header(call, 'x-amz-decoded-content-length');
    if (chunked && decoded !== undefined && Number(decoded) !== size) {
      throw new S3Error(
        'IncompleteBody',
        'You did not provide the number of bytes specified by the Content-Length HTTP header',
        400,
      );
    }
    const md5Bytes = md5.digest();
    if (contentMd5 !== undefined && md5Bytes.toString('base64') !== contentMd5) throw s3Errors.badDigest();
    const out: ReceivedBody = { file, size, md5: md5Bytes.toString('hex') };
    if (algorithm && sum) {
      const name = checksumHeader(algorithm);
      const given = header(call, name) ?? trailers.get(name);
      const computed = sum.digest();
      if (given !== undefined && computed !== undefined && given !== computed) {
        throw s3Errors.badDigest(`The ${algorithm} you specified did not match the calculated checksum.`);
      }
      const value = given ?? computed;
      if (value !== undefined) out.checksum = { algorithm, value };
    }
    return out;
  } catch (e) {
    await rm(file, { force: true });
    if (e instanceof ChunkedBodyError) throw s3Errors.invalidRequest(e.message);
    throw e;
  }
}
