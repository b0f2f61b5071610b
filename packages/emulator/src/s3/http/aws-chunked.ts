/**
 * Decoder of the `aws-chunked` body framing the SDKs and the AWS CLI use for streaming uploads
 * (`x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER`, `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`):
 *
 * ```
 * <hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n ... 0[;chunk-signature=<sig>]\r\n
 * [<trailer name>:<value>\r\n ...]\r\n
 * ```
 * Chunk signatures are not checked (lakebox checks no signature). Trailers (e.g. `x-amz-checksum-crc32`)
 * are collected into `trailers`, names lower-cased.
 */
export class ChunkedBodyError extends Error {}

export async function* decodeAwsChunked(
  source: AsyncIterable<Uint8Array>,
  trailers: Map<string, string>,
): AsyncGenerator<Buffer> {
  let buf: Buffer = Buffer.alloc(0);
  const it = source[Symbol.asyncIterator]();
  let ended = false;
  const more = async (): Promise<boolean> => {
    if (ended) return false;
    const r = await it.next();
    if (r.done) {
      ended = true;
      return false;
    }
    buf = buf.length === 0 ? Buffer.from(r.value) : Buffer.concat([buf, r.value]);
    return true;
  };
  const line = async (): Promise<string | undefined> => {
    for (;;) {
      const at = buf.indexOf('\r\n');
      if (at >= 0) {
        const text = buf.subarray(0, at).toString('latin1');
        buf = buf.subarray(at + 2);
        return text;
      }
      if (buf.length > 64 * 1024) throw new ChunkedBodyError('aws-chunked header line too long');
      if (!(await more())) {
        if (buf.length === 0) return undefined;
        const rest = buf.toString('latin1');
        buf = Buffer.alloc(0);
        return rest;
      }
    }
  };

  for (;;) {
    const header = await line();
    if (header === undefined) throw new ChunkedBodyError('aws-chunked body ended before its last chunk');
    const sizeText = header.split(';', 1)[0]?.trim() ?? '';
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new ChunkedBodyError(`bad aws-chunked chunk header: ${header}`);
    let size = Number.parseInt(sizeText, 16);
    if (size === 0) break;
    while (size > 0) {
      if (buf.length === 0 && !(await more())) throw new ChunkedBodyError('aws-chunked chunk is cut short');
      const take = Math.min(size, buf.length);
      yield buf.subarray(0, take);
      buf = buf.subarray(take);
      size -= take;
    }
    const end = await line();
    if (end !== '') throw new ChunkedBodyError('aws-chunked chunk is not followed by CRLF');
  }
  // Trailers, then an empty line (some writers end the stream without it).
  for (;;) {
    const t = await line();
    if (t === undefined || t === '') break;
    const colon = t.indexOf(':');
    if (colon > 0) trailers.set(t.slice(0, colon).trim().toLowerCase(), t.slice(colon + 1).trim());
  }
}
