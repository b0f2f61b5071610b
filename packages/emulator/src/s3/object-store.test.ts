import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lakebox } from '../context.js';
import { LakeboxEvents } from '../events.js';
import { openDb } from '../store/sqlite.js';
import { createBucket } from './buckets.js';
import {
  adoptObjectFile,
  bucketExists,
  headObject,
  initObjectStore,
  listObjects,
  parseS3Uri,
  putObjectBytes,
  scratchDir,
} from './object-store.js';

const open: Lakebox[] = [];
function testLakebox(): Lakebox {
  const rootDir = mkdtempSync(join(tmpdir(), 'lakebox-store-'));
  const lakebox: Lakebox = {
    db: openDb(':memory:'),
    dataDir: undefined,
    rootDir,
    defaultAccountId: '000000000000',
    onStop: [],
    onReset: [],
    endpoint: '',
    events: new LakeboxEvents(),
  };
  open.push(lakebox);
  return lakebox;
}
afterEach(() => {
  for (const l of open.splice(0)) {
    l.db.close();
    rmSync(l.rootDir, { recursive: true, force: true });
  }
});

describe('object store (contract A)', () => {
  it('puts, heads and lists objects as plain files under <rootDir>/s3/<bucket>/', () => {
    const l = testLakebox();
    expect(bucketExists(l, 'data')).toBe(false);
    createBucket(l, { name: 'data', account: '000000000000', region: 'us-east-1' });
    expect(bucketExists(l, 'data')).toBe(true);
    const o = putObjectBytes(l, { bucket: 'data', key: 'sales/year=2024/part-0.csv', body: 'a,b\n1,2\n' });
    expect(o.path).toBe(join(l.rootDir, 's3', 'data', 'sales', 'year=2024', 'part-0.csv'));
    expect(readFileSync(o.path, 'utf8')).toBe('a,b\n1,2\n');
    expect(o.etag).toBe(`"${createHash('md5').update('a,b\n1,2\n').digest('hex')}"`);
    expect(o.size).toBe(8);
    putObjectBytes(l, { bucket: 'data', key: 'sales/b', body: new Uint8Array([1, 2]), contentType: 'x/y' });
    putObjectBytes(l, { bucket: 'data', key: 'other', body: '' });
    expect(listObjects(l, 'data', 'sales/').map((x) => x.key)).toEqual(['sales/b', 'sales/year=2024/part-0.csv']);
    expect(headObject(l, 'data', 'sales/b')).toMatchObject({ size: 2, contentType: 'x/y' });
    expect(headObject(l, 'data', 'nope')).toBeUndefined();
  });

  it('throws NoSuchBucket for a missing bucket', () => {
    const l = testLakebox();
    expect(() => putObjectBytes(l, { bucket: 'nope', key: 'k', body: 'x' })).toThrow(
      expect.objectContaining({ code: 'NoSuchBucket' }),
    );
  });

  it('adopts a scratch file by moving it, with its MD5 as ETag', () => {
    const l = testLakebox();
    createBucket(l, { name: 'out', account: '000000000000', region: 'us-east-1' });
    const tmp = join(scratchDir(l), 'result.csv');
    writeFileSync(tmp, 'hello');
    const o = adoptObjectFile(l, { bucket: 'out', key: 'q/1.csv', file: tmp, contentType: 'text/csv' });
    expect(existsSync(tmp)).toBe(false);
    expect(o.etag).toBe('"5d41402abc4b2a76b9719d911017c592"');
    expect(readFileSync(o.path, 'utf8')).toBe('hello');
    expect(() => adoptObjectFile(l, { bucket: 'out', key: 'k', file: '/etc/passwd' })).toThrow();
  });

  it('lists in UTF-8 byte order and keeps keys that cannot be paths', () => {
    const l = testLakebox();
    createBucket(l, { name: 'bkt', account: '000000000000', region: 'us-east-1' });
    const keys = ['a', 'a/b', 'a/', '../x', '\uffff', '\u{1F600}', 'z'];
    for (const k of keys) putObjectBytes(l, { bucket: 'bkt', key: k, body: k });
    const listed = listObjects(l, 'bkt', '');
    expect(listed.map((o) => o.key)).toEqual([...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
    for (const o of listed) {
      expect(o.path.startsWith(`${join(l.rootDir, 's3', 'bkt')}/`)).toBe(true);
      expect(readFileSync(o.path, 'utf8')).toBe(o.key);
    }
  });

  it('removes S3 temp files and unknown upload folders left by a crash, and nothing else', () => {
    const l = testLakebox();
    mkdirSync(join(l.rootDir, 's3', '.uploads', 'orphan'), { recursive: true });
    writeFileSync(join(l.rootDir, 's3', '.uploads', 'orphan', '1'), 'x');
    writeFileSync(join(scratchDir(l), 'body-123'), 'x');
    writeFileSync(join(scratchDir(l), 'engine-result.csv'), 'keep');
    initObjectStore(l);
    expect(existsSync(join(l.rootDir, 's3', '.uploads', 'orphan'))).toBe(false);
    expect(existsSync(join(scratchDir(l), 'body-123'))).toBe(false);
    expect(existsSync(join(scratchDir(l), 'engine-result.csv'))).toBe(true);
  });

  it('parses s3 URIs', () => {
    expect(parseS3Uri('s3://b/k/p')).toEqual({ bucket: 'b', key: 'k/p' });
    expect(parseS3Uri('s3a://b')).toEqual({ bucket: 'b', key: '' });
    expect(parseS3Uri('S3N://b/')).toEqual({ bucket: 'b', key: '' });
    expect(parseS3Uri('https://b/k')).toBeUndefined();
  });
});
