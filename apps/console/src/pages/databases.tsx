import { GetDatabaseCommand, GetDatabasesCommand, GetTablesCommand, type Table } from '@aws-sdk/client-glue';
import { useState } from 'preact/hooks';
import { aws, collect } from '../aws';
import { useAsync } from '../hooks';
import { href } from '../router';
import { Card, DataTable, Empty, ErrorBox, Facts, Filter, formatDate, Loading, Page, ParamTable } from '../ui';

async function tablesOf(database: string): Promise<Table[]> {
  return collect(async (t) => {
    const o = await aws.glue.send(new GetTablesCommand({ DatabaseName: database, NextToken: t }));
    return { items: o.TableList, next: o.NextToken };
  });
}

export function DatabasesPage() {
  const [filter, setFilter] = useState('');
  const dbs = useAsync(async () => {
    const list = await collect(async (t) => {
      const o = await aws.glue.send(new GetDatabasesCommand({ NextToken: t }));
      return { items: o.DatabaseList, next: o.NextToken };
    });
    const counts = await Promise.all(list.map((d) => tablesOf(d.Name ?? '').then((t) => t.length)));
    return list.map((d, i) => ({ ...d, tables: counts[i] ?? 0 }));
  }, []);
  const rows = (dbs.data ?? []).filter((d) => (d.Name ?? '').includes(filter.toLowerCase()));
  return (
    <Page title="Databases" actions={<Filter value={filter} onInput={setFilter} placeholder="Filter databases" />}>
      {dbs.error !== undefined && <ErrorBox error={dbs.error} what="list databases" onRetry={dbs.reload} />}
      {dbs.loading && !dbs.data ? (
        <Loading />
      ) : (
        <DataTable
          label="Databases"
          rows={rows}
          rowKey={(d) => d.Name ?? ''}
          empty={
            <Empty title={filter ? `No database matches “${filter}”` : 'No databases yet'}>
              {filter ? (
                'Clear the filter to see every database.'
              ) : (
                <>
                  Create one with <code>aws glue create-database --database-input Name=sales</code>, Terraform's{' '}
                  <code>aws_glue_catalog_database</code>, <code>lakebox apply</code>, or{' '}
                  <a href={href('query', { sql: 'CREATE DATABASE sales' })}>an Athena CREATE DATABASE</a>.
                </>
              )}
            </Empty>
          }
          columns={[
            { label: 'Name', render: (d) => <a href={href('databases', d.Name ?? '')}>{d.Name}</a>, nowrap: true },
            { label: 'Tables', render: (d) => d.tables, align: 'right' },
            { label: 'Description', render: (d) => d.Description ?? <span class="muted">—</span> },
            {
              label: 'Location',
              render: (d) => (d.LocationUri ? <code>{d.LocationUri}</code> : <span class="muted">—</span>),
            },
            { label: 'Created', render: (d) => formatDate(d.CreateTime), nowrap: true },
          ]}
        />
      )}
    </Page>
  );
}

/** A table's storage format in a word: Parquet, CSV, JSON, ORC, Iceberg… from its SerDe and formats. */
export function formatOf(t: Table): string {
  const p = t.Parameters ?? {};
  if ((p['table_type'] ?? '').toUpperCase() === 'ICEBERG') return 'Iceberg';
  const sd = t.StorageDescriptor;
  const s =
    `${sd?.SerdeInfo?.SerializationLibrary ?? ''} ${sd?.InputFormat ?? ''} ${p['classification'] ?? ''}`.toLowerCase();
  if (s.includes('parquet')) return 'Parquet';
  if (s.includes('orc')) return 'ORC';
  if (s.includes('json')) return 'JSON';
  if (s.includes('avro')) return 'Avro';
  if (s.includes('opencsv') || s.includes('csv')) return 'CSV';
  if (s.includes('lazysimpleserde') || s.includes('textinputformat')) return 'Text';
  return t.TableType === 'VIRTUAL_VIEW' ? 'View' : '—';
}

export function DatabasePage(props: { database: string }) {
  const [filter, setFilter] = useState('');
  const db = useAsync(
    async () => (await aws.glue.send(new GetDatabaseCommand({ Name: props.database }))).Database,
    [props.database],
  );
  const tables = useAsync(() => tablesOf(props.database), [props.database]);
  const rows = (tables.data ?? []).filter((t) => (t.Name ?? '').includes(filter.toLowerCase()));
  return (
    <Page
      title={props.database}
      crumbs={[{ label: 'Databases', href: href('databases') }]}
      actions={<Filter value={filter} onInput={setFilter} placeholder="Filter tables" />}
    >
      {db.error !== undefined && <ErrorBox error={db.error} what={`read database ${props.database}`} />}
      {db.data && (
        <Card>
          <Facts
            items={[
              ['Description', db.data.Description],
              ['Location', db.data.LocationUri && <code>{db.data.LocationUri}</code>],
              ['Created', formatDate(db.data.CreateTime)],
              ['Catalog', db.data.CatalogId],
            ]}
          />
          {Object.keys(db.data.Parameters ?? {}).length > 0 && (
            <ParamTable params={db.data.Parameters} label="Database parameters" empty="" />
          )}
        </Card>
      )}
      {db.error === undefined && (
        <Card title={`Tables${tables.data ? ` (${tables.data.length})` : ''}`}>
          {tables.error !== undefined && <ErrorBox error={tables.error} what="list tables" onRetry={tables.reload} />}
          {tables.loading && !tables.data ? (
            <Loading />
          ) : (
            <DataTable
              label="Tables"
              rows={rows}
              rowKey={(t) => t.Name ?? ''}
              empty={
                <Empty title={filter ? `No table matches “${filter}”` : `${props.database} has no tables yet`}>
                  {!filter && (
                    <>
                      Create one with <code>CREATE EXTERNAL TABLE</code> in the{' '}
                      <a href={href('query', { db: props.database })}>query editor</a>, run a crawler over its S3 data,
                      or declare it in a <code>lakebox.yaml</code> and <code>lakebox apply</code>.
                    </>
                  )}
                </Empty>
              }
              columns={[
                {
                  label: 'Name',
                  render: (t) => <a href={href('databases', props.database, 'tables', t.Name ?? '')}>{t.Name}</a>,
                  nowrap: true,
                },
                { label: 'Type', render: (t) => t.TableType ?? '—', nowrap: true },
                { label: 'Format', render: (t) => formatOf(t), nowrap: true },
                { label: 'Columns', render: (t) => t.StorageDescriptor?.Columns?.length ?? 0, align: 'right' },
                {
                  label: 'Partition keys',
                  render: (t) =>
                    t.PartitionKeys?.length ? (
                      t.PartitionKeys.map((k) => k.Name).join(', ')
                    ) : (
                      <span class="muted">—</span>
                    ),
                },
                {
                  label: 'Location',
                  render: (t) =>
                    t.StorageDescriptor?.Location ? (
                      <code>{t.StorageDescriptor.Location}</code>
                    ) : (
                      <span class="muted">—</span>
                    ),
                },
                { label: 'Updated', render: (t) => formatDate(t.UpdateTime ?? t.CreateTime), nowrap: true },
              ]}
            />
          )}
        </Card>
      )}
    </Page>
  );
}
