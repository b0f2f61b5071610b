import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { s3Sdk } from '../live/sdk.js';
import {
  type LockInfo,
  type LockOptions,
  type StateBackend,
  StateLockedError,
  type StateWriter,
  waitForLock,
} from './backend.js';
import { newLockInfo } from './lock.js';
import { emptyState, type State } from './state.js';

/** `s3://bucket/key` → its parts, or undefined for anything else. */
export function parseS3StateUri(uri: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return m ? { bucket: m[1]!, key: m[2]! } : undefined;
}

const statusOf = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const isMissing = (e: unknown) => statusOf(e) === 404 || (e as Error).name === 'NoSuchKey';
const isPreconditionFailed = (e: unknown) => statusOf(e) === 412 || (e as Error).name === 'PreconditionFailed';

/**
 * The state as one S3 object (works on lakebox and on AWS). Locking uses S3 conditional writes: the lock is a
 * `<key>.lock` object created with `If-None-Match: *` (only one creator wins); state writes carry
 * `If-Match: <ETag>` of the version this apply read (or `If-None-Match: *` for the first), so a writer that
 * somehow lost the lock can never overwrite a newer state. The whole state is written after every change.
 */
export class S3StateBackend implements StateBackend {
  readonly location: string;
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly key: string,
  ) {
    this.location = `s3://${bucket}/${key}`;
  }

  private async get(key: string): Promise<{ body: string; etag: string } | undefined> {
    try {
      const out = await this.s3.send(new (await s3Sdk()).GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return { body: (await out.Body?.transformToString('utf8')) ?? '', etag: out.ETag ?? '' };
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  private async readWithEtag(): Promise<{ state: State; etag: string | undefined }> {
    const got = await this.get(this.key);
    if (!got) return { state: emptyState(), etag: undefined };
    const state = JSON.parse(got.body) as State;
    if (state.version !== 1 || typeof state.resources !== 'object')
      throw new Error(`${this.location} is not a lakebox state (version 1)`);
    return { state, etag: got.etag };
  }

  async read(): Promise<State> {
    return (await this.readWithEtag()).state;
  }

  private async holder(): Promise<LockInfo | undefined> {
    const got = await this.get(`${this.key}.lock`);
    if (!got) return undefined;
    try {
      return JSON.parse(got.body) as LockInfo;
    } catch {
      return undefined;
    }
  }

  async lock(options: LockOptions): Promise<() => Promise<void>> {
    const lockKey = `${this.key}.lock`;
    if (options.forceUnlock !== undefined) {
      const holder = await this.holder();
      if (holder && holder.id !== options.forceUnlock)
        throw new StateLockedError(
          `--force-unlock ${options.forceUnlock}: the lock on ${this.location} has id ${holder.id} (${holder.who}), not that one`,
        );
      if (holder) await this.s3.send(new (await s3Sdk()).DeleteObjectCommand({ Bucket: this.bucket, Key: lockKey }));
    }
    return waitForLock(this.location, options, async () => {
      const info = newLockInfo(options.operation);
      try {
        await this.s3.send(
          new (await s3Sdk()).PutObjectCommand({
            Bucket: this.bucket,
            Key: lockKey,
            Body: JSON.stringify(info),
            ContentType: 'application/json',
            IfNoneMatch: '*',
          }),
        );
      } catch (e) {
        if (isPreconditionFailed(e) || statusOf(e) === 409) return { holder: await this.holder() };
        throw e;
      }
      return {
        release: async () => {
          // Only remove the lock if it is still ours (a --force-unlock may have handed it to someone else).
          const now = await this.holder();
          if (!now || now.id === info.id)
            await this.s3.send(new (await s3Sdk()).DeleteObjectCommand({ Bucket: this.bucket, Key: lockKey }));
        },
      };
    });
  }

  async open(): Promise<StateWriter> {
    const { state, etag: first } = await this.readWithEtag();
    let etag = first;
    let dirty = false;
    let pending: Promise<void> | undefined;
    const put = async () => {
      state.lineage ??= randomUUID();
      try {
        const out = await this.s3.send(
          new (await s3Sdk()).PutObjectCommand({
            Bucket: this.bucket,
            Key: this.key,
            Body: `${JSON.stringify(state, null, 2)}\n`,
            ContentType: 'application/json',
            ...(etag ? { IfMatch: etag } : { IfNoneMatch: '*' }),
          }),
        );
        etag = out.ETag;
      } catch (e) {
        if (isPreconditionFailed(e) || statusOf(e) === 409)
          throw new Error(
            `${this.location} was changed by someone else during this apply (its ETag moved): not overwritten; check the lock and re-run`,
          );
        throw e;
      }
    };
    const persist = () => {
      dirty = true;
      pending ??= (async () => {
        try {
          while (dirty) {
            dirty = false;
            await put();
          }
        } finally {
          pending = undefined;
        }
      })();
      return pending;
    };
    return {
      state,
      async record(address, resource) {
        if (resource) state.resources[address] = resource;
        else delete state.resources[address];
        state.serial += 1;
        await persist();
      },
      async flush() {
        if (pending) await pending;
        if (!etag) await persist();
      },
    };
  }
}
