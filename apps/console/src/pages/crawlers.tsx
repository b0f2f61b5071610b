import { type Crawler, GetCrawlersCommand, StartCrawlerCommand, StopCrawlerCommand } from '@aws-sdk/client-glue';
import { useState } from 'preact/hooks';
import { aws, collect, errorMessage, isUnsupported } from '../aws';
import { useAsync, useInterval, useRunEvents } from '../hooks';
import { href } from '../router';
import { Button, DataTable, Empty, ErrorBox, formatAgo, formatDuration, Loading, Page, StateBadge } from '../ui';

function targetsOf(c: Crawler): string[] {
  const t = c.Targets;
  return [
    ...(t?.S3Targets ?? []).map((s) => s.Path ?? ''),
    ...(t?.CatalogTargets ?? []).map((s) => `catalog ${s.DatabaseName}: ${(s.Tables ?? []).join(', ')}`),
    ...(t?.JdbcTargets ?? []).map((s) => `jdbc ${s.Path ?? ''}`),
    ...(t?.DeltaTargets ?? []).flatMap((s) => s.DeltaTables ?? []),
    ...(t?.IcebergTargets ?? []).flatMap((s) => s.Paths ?? []),
  ];
}

export function CrawlersPage() {
  const crawlers = useAsync(
    () =>
      collect(async (t) => {
        const o = await aws.glue.send(new GetCrawlersCommand({ NextToken: t }));
        return { items: o.Crawlers, next: o.NextToken };
      }),
    [],
  );
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  useRunEvents((e) => e.kind === 'crawler' && crawlers.reload());
  useInterval(
    crawlers.reload,
    2000,
    (crawlers.data ?? []).some((c) => c.State === 'RUNNING' || c.State === 'STOPPING'),
  );
  const act = async (name: string, start: boolean) => {
    setBusy(name);
    setActionError(undefined);
    try {
      await aws.glue.send(start ? new StartCrawlerCommand({ Name: name }) : new StopCrawlerCommand({ Name: name }));
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(undefined);
      crawlers.reload();
    }
  };
  return (
    <Page title="Crawlers">
      {actionError !== undefined && <ErrorBox error={actionError} what="change the crawler" />}
      {crawlers.error !== undefined && !crawlers.data ? (
        isUnsupported(crawlers.error) ? (
          <Empty title="This lakebox does not serve Glue crawlers yet">
            <code>{errorMessage(crawlers.error)}</code>
          </Empty>
        ) : (
          <ErrorBox error={crawlers.error} what="list crawlers" onRetry={crawlers.reload} />
        )
      ) : crawlers.loading && !crawlers.data ? (
        <Loading />
      ) : (
        <DataTable
          label="Crawlers"
          rows={crawlers.data ?? []}
          rowKey={(c) => c.Name ?? ''}
          empty={
            <Empty title="No crawlers yet">
              A crawler reads files under an S3 prefix and creates or updates tables (and their partitions) for them:{' '}
              <code>
                aws glue create-crawler --name raw --role r --database-name sales --targets S3Targets=[{'{'}
                Path=s3://bucket/raw/{'}'}]
              </code>
            </Empty>
          }
          columns={[
            { label: 'Name', render: (c) => <strong>{c.Name}</strong>, nowrap: true },
            { label: 'State', render: (c) => <StateBadge state={c.State} />, nowrap: true },
            {
              label: 'Database',
              render: (c) => (c.DatabaseName ? <a href={href('databases', c.DatabaseName)}>{c.DatabaseName}</a> : '—'),
              nowrap: true,
            },
            {
              label: 'Targets',
              render: (c) =>
                targetsOf(c).map((t) => (
                  <div key={t}>
                    <code>{t}</code>
                  </div>
                )),
              nowrap: true,
            },
            {
              label: 'Last crawl',
              render: (c) =>
                c.LastCrawl ? (
                  <div data-testid="last-crawl">
                    <StateBadge state={c.LastCrawl.Status} />{' '}
                    <span class="muted">{formatAgo(c.LastCrawl.StartTime)}</span>
                    {c.LastCrawl.ErrorMessage && <div class="error-text">{c.LastCrawl.ErrorMessage}</div>}
                  </div>
                ) : (
                  <span class="muted">never crawled</span>
                ),
            },
            {
              label: 'Last duration',
              render: (c) => (c.CrawlElapsedTime ? formatDuration(c.CrawlElapsedTime) : '—'),
              align: 'right',
              nowrap: true,
            },
            {
              label: 'Schedule',
              render: (c) => c.Schedule?.ScheduleExpression ?? <span class="muted">on demand</span>,
              nowrap: true,
            },
            {
              label: '',
              narrow: true,
              render: (c) =>
                c.State === 'RUNNING' ? (
                  <Button kind="danger" busy={busy === c.Name} onClick={() => act(c.Name ?? '', false)}>
                    Stop
                  </Button>
                ) : (
                  <Button
                    kind="primary"
                    busy={busy === c.Name}
                    disabled={c.State === 'STOPPING'}
                    onClick={() => act(c.Name ?? '', true)}
                    aria-label={`Start crawler ${c.Name}`}
                  >
                    ▶ Start
                  </Button>
                ),
              nowrap: true,
            },
          ]}
        />
      )}
    </Page>
  );
}
