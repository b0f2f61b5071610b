import {
  GetPartitionsCommand,
  GetTableCommand,
  GetTableVersionsCommand,
  type Column as GlueColumn,
  type Table,
  type TableVersion,
} from '@aws-sdk/client-glue';
import { useEffect, useState } from 'preact/hooks';
import { resultPage, startQuery, waitQuery } from '../athena';
import { aws, collect } from '../aws';
import { hunks, lineDiff, stableJson } from '../diff';
import { useAsync } from '../hooks';
import { href } from '../router';
import {
  Button,
  Card,
  DataTable,
  Empty,
  ErrorBox,
  Facts,
  formatDate,
  Loading,
  Page,
  ParamTable,
  RawJson,
  Tabs,
} from '../ui';
import { formatOf } from './databases';
import { ResultsGrid } from './results-grid';

export function TablePage(props: { database: string; table: string; tab: string }) {
  const { database, table } = props;
  const t = useAsync(
    async () => (await aws.glue.send(new GetTableCommand({ DatabaseName: database, Name: table }))).Table,
    [database, table],
  );
  const tab = props.tab || 'schema';
  const data = t.data;
  return (
    <Page
      title={table}
      crumbs={[
        { label: 'Databases', href: href('databases') },
        { label: database, href: href('databases', database) },
      ]}
      actions={
        <a
          class="btn plain"
          href={href('query', { db: database, sql: `SELECT * FROM "${database}"."${table}" LIMIT 100` })}
        >
          Query in editor
        </a>
      }
    >
      {t.error !== undefined && (
        <ErrorBox error={t.error} what={`read table ${database}.${table}`} onRetry={t.reload} />
      )}
      {t.loading && !data && <Loading />}
      {data && (
        <>
          <Card>
            <Facts
              items={[
                ['Type', data.TableType],
                ['Format', formatOf(data)],
                ['Location', data.StorageDescriptor?.Location && <code>{data.StorageDescriptor.Location}</code>],
                ['Version', data.VersionId],
                ['Created', formatDate(data.CreateTime)],
                ['Updated', formatDate(data.UpdateTime)],
                ['Description', data.Description],
              ]}
            />
          </Card>
          <Tabs
            current={tab}
            hrefOf={(id) => href('databases', database, 'tables', table, { tab: id === 'schema' ? undefined : id })}
            tabs={[
              { id: 'schema', label: 'Schema', count: data.StorageDescriptor?.Columns?.length ?? 0 },
              { id: 'storage', label: 'Storage & SerDe' },
              { id: 'parameters', label: 'Parameters', count: Object.keys(data.Parameters ?? {}).length },
              { id: 'partitions', label: 'Partitions' },
              { id: 'versions', label: 'Versions' },
              { id: 'preview', label: 'Data preview' },
            ]}
          />
          {tab === 'schema' && <SchemaTab table={data} />}
          {tab === 'storage' && <StorageTab table={data} />}
          {tab === 'parameters' && (
            <Card title="Table parameters">
              <ParamTable params={data.Parameters} label="Table parameters" empty="This table has no parameters." />
            </Card>
          )}
          {tab === 'partitions' && <PartitionsTab table={data} />}
          {tab === 'versions' && <VersionsTab database={database} table={table} />}
          {tab === 'preview' && <PreviewTab database={database} table={table} />}
        </>
      )}
    </Page>
  );
}

function ColumnsTable(props: { columns: GlueColumn[]; label: string }) {
  return (
    <DataTable
      label={props.label}
      rows={props.columns}
      rowKey={(c, i) => `${c.Name}-${i}`}
      columns={[
        { label: '#', render: (c) => props.columns.indexOf(c) + 1, align: 'right', narrow: true },
        { label: 'Name', render: (c) => <strong>{c.Name}</strong>, nowrap: true },
        { label: 'Type', render: (c) => <code class="type">{c.Type}</code> },
        { label: 'Comment', render: (c) => c.Comment ?? <span class="muted">—</span> },
      ]}
    />
  );
}

function SchemaTab({ table }: { table: Table }) {
  const columns = table.StorageDescriptor?.Columns ?? [];
  const keys = table.PartitionKeys ?? [];
  return (
    <>
      <Card title={`Columns (${columns.length})`}>
        {columns.length === 0 ? (
          <Empty title="No columns">Add columns with UpdateTable or ALTER TABLE ADD COLUMNS.</Empty>
        ) : (
          <ColumnsTable columns={columns} label="Columns" />
        )}
      </Card>
      <Card title={`Partition keys (${keys.length})`}>
        {keys.length === 0 ? (
          <p class="muted">This table is not partitioned.</p>
        ) : (
          <ColumnsTable columns={keys} label="Partition keys" />
        )}
      </Card>
    </>
  );
}

function StorageTab({ table }: { table: Table }) {
  const sd = table.StorageDescriptor;
  return (
    <>
      <Card title="Storage descriptor">
        <Facts
          items={[
            ['Location', sd?.Location && <code>{sd.Location}</code>],
            ['Input format', sd?.InputFormat && <code>{sd.InputFormat}</code>],
            ['Output format', sd?.OutputFormat && <code>{sd.OutputFormat}</code>],
            ['Compressed', sd?.Compressed === undefined ? undefined : String(sd.Compressed)],
            ['Number of buckets', sd?.NumberOfBuckets === undefined ? undefined : String(sd.NumberOfBuckets)],
            [
              'Stored as sub-directories',
              sd?.StoredAsSubDirectories === undefined ? undefined : String(sd.StoredAsSubDirectories),
            ],
          ]}
        />
      </Card>
      <Card title="SerDe">
        <Facts
          items={[
            ['Name', sd?.SerdeInfo?.Name],
            [
              'Serialization library',
              sd?.SerdeInfo?.SerializationLibrary && <code>{sd.SerdeInfo.SerializationLibrary}</code>,
            ],
          ]}
        />
        <ParamTable params={sd?.SerdeInfo?.Parameters} label="SerDe parameters" empty="No SerDe parameters." />
      </Card>
      <Card title="Storage parameters">
        <ParamTable params={sd?.Parameters} label="Storage parameters" empty="No storage descriptor parameters." />
      </Card>
      <RawJson value={table} label="The whole table as GetTable returns it" />
    </>
  );
}

const PARTITION_PAGE = 25;

function PartitionsTab({ table }: { table: Table }) {
  const [expression, setExpression] = useState('');
  const [applied, setApplied] = useState('');
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const keys = table.PartitionKeys ?? [];
  const token = tokens[tokens.length - 1];
  const page = useAsync(async () => {
    if (keys.length === 0) return undefined;
    return aws.glue.send(
      new GetPartitionsCommand({
        DatabaseName: table.DatabaseName,
        TableName: table.Name,
        MaxResults: PARTITION_PAGE,
        NextToken: token,
        ExcludeColumnSchema: true,
        ...(applied ? { Expression: applied } : {}),
      }),
    );
  }, [table.DatabaseName, table.Name, applied, token]);
  if (keys.length === 0)
    return (
      <Card title="Partitions">
        <Empty title="This table is not partitioned">Tables with partition keys list their partitions here.</Empty>
      </Card>
    );
  const submit = (e: Event) => {
    e.preventDefault();
    setApplied(expression.trim());
    setTokens([undefined]);
  };
  const parts = page.data?.Partitions ?? [];
  const first = (tokens.length - 1) * PARTITION_PAGE;
  return (
    <Card title="Partitions">
      <form class="inline-form" onSubmit={submit}>
        <label class="grow">
          <span class="label">Glue expression</span>
          <input
            type="text"
            class="mono"
            value={expression}
            placeholder={`${keys[0]?.Name ?? 'year'} = '2024'${keys[1] ? ` AND ${keys[1].Name} > '06'` : ''}`}
            onInput={(e) => setExpression((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" class="btn primary">
          Filter
        </button>
        {applied && (
          <button
            type="button"
            class="btn plain"
            onClick={() => {
              setExpression('');
              setApplied('');
              setTokens([undefined]);
            }}
          >
            Clear
          </button>
        )}
      </form>
      {page.error !== undefined && <ErrorBox error={page.error} what="list partitions" />}
      {page.loading && !page.data ? (
        <Loading />
      ) : (
        <DataTable
          label="Partitions"
          rows={parts}
          rowKey={(p) => (p.Values ?? []).join('/')}
          empty={
            <Empty title={applied ? 'No partition matches this expression' : 'No partitions registered'}>
              {applied ? (
                'Try a wider expression, or clear the filter.'
              ) : (
                <>
                  Data in a partition folder is invisible to queries until it is registered: run a crawler, or{' '}
                  <code>MSCK REPAIR TABLE {table.Name}</code> / <code>ALTER TABLE … ADD PARTITION</code> in the{' '}
                  <a href={href('query', { db: table.DatabaseName, sql: `MSCK REPAIR TABLE ${table.Name}` })}>
                    query editor
                  </a>
                  .
                </>
              )}
            </Empty>
          }
          columns={[
            ...keys.map((k, i) => ({
              label: k.Name ?? `key ${i}`,
              render: (p: (typeof parts)[number]) => <code>{p.Values?.[i]}</code>,
              nowrap: true,
            })),
            {
              label: 'Location',
              render: (p) => (p.StorageDescriptor?.Location ? <code>{p.StorageDescriptor.Location}</code> : '—'),
            },
            { label: 'Created', render: (p) => formatDate(p.CreationTime), nowrap: true },
          ]}
        />
      )}
      <div class="pager">
        <span class="muted">
          {parts.length === 0 ? 'No rows' : `Rows ${first + 1}–${first + parts.length}`}
          {applied && (
            <>
              {' '}
              matching <code>{applied}</code>
            </>
          )}
        </span>
        <Button disabled={tokens.length <= 1} onClick={() => setTokens(tokens.slice(0, -1))}>
          ← Previous
        </Button>
        <Button disabled={!page.data?.NextToken} onClick={() => setTokens([...tokens, page.data?.NextToken])}>
          Next →
        </Button>
      </div>
    </Card>
  );
}

/** What differs between versions worth reading: the table, without timestamps every update changes. */
function comparable(v: TableVersion): string {
  const { UpdateTime: _u, CreateTime: _c, LastAccessTime: _l, VersionId: _v, ...rest } = v.Table ?? {};
  return stableJson(rest);
}

function VersionsTab(props: { database: string; table: string }) {
  const versions = useAsync(
    () =>
      collect(async (t) => {
        const o = await aws.glue.send(
          new GetTableVersionsCommand({ DatabaseName: props.database, TableName: props.table, NextToken: t }),
        );
        return { items: o.TableVersions, next: o.NextToken };
      }),
    [props.database, props.table],
  );
  const list = [...(versions.data ?? [])].sort((a, b) => Number(b.VersionId) - Number(a.VersionId));
  const [from, setFrom] = useState<string | undefined>();
  const [to, setTo] = useState<string | undefined>();
  useEffect(() => {
    if (list.length > 0 && to === undefined) {
      setTo(list[0]!.VersionId);
      setFrom(list[1]?.VersionId ?? list[0]!.VersionId);
    }
  }, [list.length, to]);
  if (versions.error !== undefined) return <ErrorBox error={versions.error} what="list table versions" />;
  if (!versions.data) return <Loading />;
  const a = list.find((v) => v.VersionId === from);
  const b = list.find((v) => v.VersionId === to);
  const diff = a && b ? lineDiff(comparable(a), comparable(b)) : [];
  const changed = diff.filter((d) => d.op !== ' ').length;
  const picker = (value: string | undefined, set: (v: string) => void, label: string) => (
    <label>
      <span class="label">{label}</span>
      <select value={value} onChange={(e) => set((e.currentTarget as HTMLSelectElement).value)}>
        {list.map((v) => (
          <option key={v.VersionId} value={v.VersionId}>
            Version {v.VersionId} · {formatDate(v.Table?.UpdateTime ?? v.Table?.CreateTime)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <>
      <Card title={`Versions (${list.length})`}>
        <DataTable
          label="Table versions"
          rows={list}
          rowKey={(v) => v.VersionId ?? ''}
          columns={[
            { label: 'Version', render: (v) => v.VersionId, nowrap: true },
            { label: 'Updated', render: (v) => formatDate(v.Table?.UpdateTime ?? v.Table?.CreateTime), nowrap: true },
            { label: 'Columns', render: (v) => v.Table?.StorageDescriptor?.Columns?.length ?? 0, align: 'right' },
            { label: 'Location', render: (v) => <code>{v.Table?.StorageDescriptor?.Location ?? '—'}</code> },
          ]}
        />
      </Card>
      <Card title="Compare versions">
        {list.length < 2 ? (
          <Empty title="Only one version so far">
            Every UpdateTable (or ALTER TABLE) keeps the previous definition as a version.
          </Empty>
        ) : (
          <>
            <div class="inline-form">
              {picker(from, setFrom, 'From')}
              {picker(to, setTo, 'To')}
              <span class="muted">{changed === 0 ? 'No differences' : `${changed} changed lines`}</span>
            </div>
            <section aria-label="Differences between versions">
              <pre class="diff">
                {hunks(diff).map((d, i) =>
                  d.op === 'skip' ? (
                    <div key={i} class="gap">
                      ⋯ {d.count} unchanged lines
                    </div>
                  ) : (
                    <div key={i} class={d.op === '+' ? 'add' : d.op === '-' ? 'del' : 'same'}>
                      {d.op} {d.text}
                    </div>
                  ),
                )}
              </pre>
            </section>
          </>
        )}
      </Card>
    </>
  );
}

function PreviewTab(props: { database: string; table: string }) {
  const sql = `SELECT * FROM "${props.database}"."${props.table}" LIMIT 20`;
  const preview = useAsync(async () => {
    const id = await startQuery(sql, props.database);
    const q = await waitQuery(id);
    if (q.Status?.State !== 'SUCCEEDED')
      throw new Error(q.Status?.AthenaError?.ErrorMessage ?? q.Status?.StateChangeReason ?? `query ${q.Status?.State}`);
    return resultPage(id, undefined, 20);
  }, [sql]);
  return (
    <Card title="First rows" actions={<code class="muted">{sql}</code>}>
      {preview.error !== undefined && (
        <ErrorBox error={preview.error} what="preview the data" onRetry={preview.reload} />
      )}
      {preview.loading && !preview.data && <Loading label="Running the preview query…" />}
      {preview.data &&
        (preview.data.rows.length === 0 ? (
          <Empty title="The table has no rows">
            Its location holds no data files yet {'(or its partitions are not registered: see the Partitions tab).'}
          </Empty>
        ) : (
          <ResultsGrid page={preview.data} offset={0} />
        ))}
    </Card>
  );
}
