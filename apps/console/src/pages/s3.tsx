import { GetObjectCommand, ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { useState } from 'preact/hooks';
import { aws } from '../aws';
import { useAsync } from '../hooks';
import { href } from '../router';
import {
  Button,
  DataTable,
  downloadBlob,
  Empty,
  ErrorBox,
  Filter,
  formatBytes,
  formatDate,
  Loading,
  Page,
} from '../ui';

export function S3Page(props: { bucket: string | undefined; prefix: string }) {
  if (!props.bucket) return <BucketsPage />;
  return (
    <ObjectsPage
      key={`${props.bucket}/${props.prefix}`}
      bucket={props.bucket}
      prefix={props.prefix ? `${props.prefix.replace(/\/$/, '')}/` : ''}
    />
  );
}

function BucketsPage() {
  const [filter, setFilter] = useState('');
  const buckets = useAsync(async () => (await aws.s3.send(new ListBucketsCommand({}))).Buckets ?? [], []);
  const rows = (buckets.data ?? []).filter((b) => (b.Name ?? '').includes(filter.toLowerCase()));
  return (
    <Page title="S3 buckets" actions={<Filter value={filter} onInput={setFilter} placeholder="Filter buckets" />}>
      {buckets.error !== undefined && <ErrorBox error={buckets.error} what="list buckets" onRetry={buckets.reload} />}
      {buckets.loading && !buckets.data ? (
        <Loading />
      ) : (
        <DataTable
          label="Buckets"
          rows={rows}
          rowKey={(b) => b.Name ?? ''}
          empty={
            <Empty title={filter ? `No bucket matches “${filter}”` : 'No buckets yet'}>
              {!filter && (
                <>
                  Create one with <code>aws s3 mb s3://my-data</code> and copy files in with{' '}
                  <code>aws s3 cp data.parquet s3://my-data/raw/</code>.
                </>
              )}
            </Empty>
          }
          columns={[
            { label: 'Name', render: (b) => <a href={href('s3', b.Name ?? '')}>{b.Name}</a> },
            { label: 'Created', render: (b) => formatDate(b.CreationDate), nowrap: true },
          ]}
        />
      )}
    </Page>
  );
}

type Entry =
  | { kind: 'folder'; prefix: string }
  | { kind: 'object'; key: string; size?: number; modified?: Date; etag?: string };

function ObjectsPage(props: { bucket: string; prefix: string }) {
  const { bucket, prefix } = props;
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const [error, setError] = useState<unknown>();
  const token = tokens[tokens.length - 1];
  const list = useAsync(async () => {
    const o = await aws.s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        Delimiter: '/',
        ContinuationToken: token,
        MaxKeys: 200,
      }),
    );
    const entries: Entry[] = [
      ...(o.CommonPrefixes ?? []).map((p) => ({ kind: 'folder' as const, prefix: p.Prefix ?? '' })),
      ...(o.Contents ?? []).map((c) => ({
        kind: 'object' as const,
        key: c.Key ?? '',
        size: c.Size,
        modified: c.LastModified,
        etag: c.ETag,
      })),
    ];
    return { entries, next: o.NextContinuationToken };
  }, [bucket, prefix, token]);

  const download = async (key: string) => {
    setError(undefined);
    try {
      const out = await aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = await out.Body?.transformToByteArray();
      downloadBlob(key.split('/').pop() || 'object', bytes ?? new Uint8Array(), out.ContentType);
    } catch (e) {
      setError(e);
    }
  };

  const parts = prefix.split('/').filter((p) => p !== '');
  const crumbs = [
    { label: 'S3', href: href('s3') },
    { label: bucket, href: href('s3', bucket) },
    ...parts.slice(0, -1).map((p, i) => ({ label: p, href: href('s3', bucket, ...parts.slice(0, i + 1)) })),
  ];
  const folderHref = (p: string) => href('s3', bucket, ...p.split('/').filter((x) => x !== ''));
  return (
    <Page
      title={parts.length ? `${parts[parts.length - 1]}/` : bucket}
      crumbs={parts.length ? crumbs : crumbs.slice(0, 1)}
    >
      <p class="muted">
        <code>
          s3://{bucket}/{prefix}
        </code>
      </p>
      {error !== undefined && <ErrorBox error={error} what="download the object" />}
      {list.error !== undefined && (
        <ErrorBox error={list.error} what={`list s3://${bucket}/${prefix}`} onRetry={list.reload} />
      )}
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        <DataTable
          label="Objects"
          rows={list.data?.entries ?? []}
          rowKey={(e) => (e.kind === 'folder' ? e.prefix : e.key)}
          empty={
            <Empty title={prefix ? 'This folder is empty' : 'This bucket is empty'}>
              Copy files in with{' '}
              <code>
                aws s3 cp file.csv s3://{bucket}/{prefix}
              </code>
              .
            </Empty>
          }
          columns={[
            {
              label: 'Name',
              render: (e) =>
                e.kind === 'folder' ? (
                  <a href={folderHref(e.prefix)} class="folder">
                    <span aria-hidden="true">📁 </span>
                    {e.prefix.slice(prefix.length)}
                  </a>
                ) : (
                  <span class="file">{e.key.slice(prefix.length)}</span>
                ),
            },
            {
              label: 'Size',
              render: (e) => (e.kind === 'object' ? formatBytes(e.size) : '—'),
              align: 'right',
              nowrap: true,
            },
            { label: 'Modified', render: (e) => (e.kind === 'object' ? formatDate(e.modified) : ''), nowrap: true },
            {
              label: 'ETag',
              render: (e) => (e.kind === 'object' ? <code class="muted">{e.etag?.replace(/"/g, '')}</code> : ''),
              nowrap: true,
            },
            {
              label: '',
              narrow: true,
              render: (e) =>
                e.kind === 'object' ? (
                  <Button onClick={() => download(e.key)} aria-label={`Download ${e.key}`}>
                    ⇩ Download
                  </Button>
                ) : null,
              nowrap: true,
            },
          ]}
        />
      )}
      {(tokens.length > 1 || list.data?.next) && (
        <div class="pager">
          <Button disabled={tokens.length <= 1} onClick={() => setTokens(tokens.slice(0, -1))}>
            ← Previous
          </Button>
          <Button disabled={!list.data?.next} onClick={() => setTokens([...tokens, list.data?.next])}>
            Next →
          </Button>
        </div>
      )}
    </Page>
  );
}
