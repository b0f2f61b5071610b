import { describe, expect, it } from 'vitest';
import { ChunkedBodyError, decodeAwsChunked } from './aws-chunked.js';

async function decode(pieces: string[]): Promise<{ body: string; trailers: Map<string, string> }> {
  const trailers = new Map<string, string>();
  const out: Buffer[] = [];
  async function* source() {
    for (const p of pieces) yield Buffer.from(p, 'latin1');
  }
  for await (const c of decodeAwsChunked(source(), trailers)) out.push(c);
  return { body: Buffer.concat(out).toString('latin1'), trailers };
}

describe('aws-chunked decoding', () => {
  it('decodes chunks with signatures and trailers, split anywhere', async () => {
    const wire =
      '5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=0\r\n' +
      'x-amz-checksum-crc32:DUoRhQ==\r\nx-amz-trailer-signature:zzz\r\n\r\n';
    for (const size of [1, 3, 7, wire.length]) {
      const pieces: string[] = [];
      for (let i = 0; i < wire.length; i += size) pieces.push(wire.slice(i, i + size));
      const { body, trailers } = await decode(pieces);
      expect(body).toBe('hello world');
      expect(trailers.get('x-amz-checksum-crc32')).toBe('DUoRhQ==');
    }
  });

  it('accepts a stream that ends right after the trailer line', async () => {
    const { body, trailers } = await decode(['3\r\nabc\r\n0\r\nx-amz-checksum-sha256:q\r\n']);
    expect(body).toBe('abc');
    expect(trailers.get('x-amz-checksum-sha256')).toBe('q');
  });

  it.each([['zz\r\nabc\r\n0\r\n\r\n'], ['5\r\nab'], ['3\r\nabcX\r\n0\r\n\r\n']])(
    'refuses bad framing %j',
    async (wire) => {
      await expect(decode([wire])).rejects.toBeInstanceOf(ChunkedBodyError);
    },
  );
});
