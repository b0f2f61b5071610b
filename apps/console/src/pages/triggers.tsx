import { GetTriggersCommand, StartTriggerCommand, StopTriggerCommand, type Trigger } from '@aws-sdk/client-glue';
import { useState } from 'preact/hooks';
import { aws, collect, errorMessage, isUnsupported } from '../aws';
import { useAsync, useInterval, useRunEvents } from '../hooks';
import { href } from '../router';
import { Button, DataTable, Empty, ErrorBox, Loading, Page, StateBadge } from '../ui';

function conditionText(t: Trigger): string {
  const p = t.Predicate;
  if (!p?.Conditions?.length) return '';
  const parts = p.Conditions.map((c) =>
    c.JobName ? `job ${c.JobName} ${c.State ?? ''}` : `crawler ${c.CrawlerName ?? ''} ${c.CrawlState ?? ''}`,
  );
  return parts.join(p.Logical === 'ANY' ? ' OR ' : ' AND ');
}

export function TriggersPage() {
  const triggers = useAsync(
    () =>
      collect(async (t) => {
        const o = await aws.glue.send(new GetTriggersCommand({ NextToken: t }));
        return { items: o.Triggers, next: o.NextToken };
      }),
    [],
  );
  const [actionError, setActionError] = useState<unknown>();
  useRunEvents(() => triggers.reload());
  // No event says a schedule fired or a trigger changed: poll gently.
  useInterval(triggers.reload, 5000);
  const act = async (t: Trigger, start: boolean) => {
    setActionError(undefined);
    try {
      await aws.glue.send(start ? new StartTriggerCommand({ Name: t.Name }) : new StopTriggerCommand({ Name: t.Name }));
    } catch (e) {
      setActionError(e);
    }
    triggers.reload();
  };
  return (
    <Page title="Triggers">
      {actionError !== undefined && <ErrorBox error={actionError} what="change the trigger" />}
      {triggers.error !== undefined && !triggers.data ? (
        isUnsupported(triggers.error) ? (
          <Empty title="This lakebox does not serve Glue triggers yet">
            <code>{errorMessage(triggers.error)}</code>
          </Empty>
        ) : (
          <ErrorBox error={triggers.error} what="list triggers" onRetry={triggers.reload} />
        )
      ) : triggers.loading && !triggers.data ? (
        <Loading />
      ) : (
        <DataTable
          label="Triggers"
          rows={triggers.data ?? []}
          rowKey={(t) => t.Name ?? ''}
          empty={
            <Empty title="No triggers yet">
              Triggers start jobs and crawlers on a schedule, when other runs finish, or on demand:{' '}
              <code>
                aws glue create-trigger --name nightly --type SCHEDULED --schedule "cron(0 2 * * ? *)" --actions
                JobName=etl
              </code>
            </Empty>
          }
          columns={[
            { label: 'Name', render: (t) => <strong>{t.Name}</strong>, nowrap: true },
            { label: 'Type', render: (t) => t.Type ?? '—', nowrap: true },
            { label: 'State', render: (t) => <StateBadge state={t.State} />, nowrap: true },
            {
              label: 'When',
              render: (t) =>
                t.Type === 'SCHEDULED' ? (
                  <code>{t.Schedule}</code>
                ) : t.Type === 'CONDITIONAL' ? (
                  <code class="wrap">{conditionText(t)}</code>
                ) : t.Type === 'EVENT' ? (
                  'on an event'
                ) : (
                  'on demand'
                ),
            },
            {
              label: 'Starts',
              render: (t) =>
                (t.Actions ?? []).map((a) => (
                  <div key={a.JobName ?? a.CrawlerName}>
                    {a.JobName ? (
                      <>
                        job <a href={href('jobs', a.JobName)}>{a.JobName}</a>
                      </>
                    ) : (
                      <>
                        crawler <a href={href('crawlers')}>{a.CrawlerName}</a>
                      </>
                    )}
                  </div>
                )),
            },
            { label: 'Workflow', render: (t) => t.WorkflowName ?? <span class="muted">—</span>, nowrap: true },
            {
              label: '',
              narrow: true,
              render: (t) =>
                t.State === 'ACTIVATED' ? (
                  <Button onClick={() => act(t, false)}>Deactivate</Button>
                ) : (
                  <Button kind="primary" onClick={() => act(t, true)}>
                    {t.Type === 'ON_DEMAND' ? '▶ Fire' : 'Activate'}
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
