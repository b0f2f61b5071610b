import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * The flexible checksums S3 accepts (`x-amz-checksum-<algorithm>`, base64 of the big-endian digest).
 * CRC32, CRC32C, SHA1 and SHA256 are computed and verified; CRC64NVME is stored and echoed, not verified.
 */
export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

export function asChecksumAlgorithm(name: string | undefined): ChecksumAlgorithm | undefined {
  const upper = name?.toUpperCase();
  return CHECKSUM_ALGORITHMS.find((a) => a === upper);
}

/** An incremental checksum; `digest` is base64 as S3 writes it, undefined when lakebox does not compute it. */
export interface Checksummer {
  update(chunk: Uint8Array): void;
  digest(): string | undefined;
}

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

function u32Base64(v: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b.toString('base64');
}

export function checksummer(algorithm: ChecksumAlgorithm): Checksummer {
  switch (algorithm) {
    case 'CRC32': {
      let v = 0;
      return {
        update: (c) => {
          v = crc32(c, v);
        },
        digest: () => u32Base64(v),
      };
    }
    case 'CRC32C': {
      let v = 0xffffffff;
      return {
        update: (c) => {
          for (let i = 0; i < c.length; i++) v = (CRC32C_TABLE[(v ^ (c[i] as number)) & 0xff] as number) ^ (v >>> 8);
        },
        digest: () => u32Base64(v ^ 0xffffffff),
      };
    }
    case 'SHA1':
    case 'SHA256': {
      const h: Hash = createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256');
      return { update: (c) => void h.update(c), digest: () => h.digest('base64') };
    }
    case 'CRC64NVME':
      return { update: () => {}, digest: () => undefined };
  }
}
