import {
  BatchGetNamedQueryCommand,
  BatchGetPreparedStatementCommand,
  CreateNamedQueryCommand,
  CreatePreparedStatementCommand,
  DeleteNamedQueryCommand,
  DeletePreparedStatementCommand,
  GetNamedQueryCommand,
  GetPreparedStatementCommand,
  ListNamedQueriesCommand,
  ListPreparedStatementsCommand,
  StartQueryExecutionCommand,
  UpdateNamedQueryCommand,
  UpdatePreparedStatementCommand,
} from '@aws-sdk/client-athena';
import { describe, expect, it } from 'vitest';
import { allRows, runQuery, startAthenaTestLakebox, values } from '../support/athena.js';

describe('Athena named queries', () => {
  it('create (idempotent by token), get, list, batch get, update, delete', async () => {
    await using t = await startAthenaTestLakebox();
    const input = { Name: 'q', Database: 'db', QueryString: 'SELECT 1', ClientRequestToken: 'a'.repeat(32) };
    const { NamedQueryId } = await t.athena.send(new CreateNamedQueryCommand(input));
    expect((await t.athena.send(new CreateNamedQueryCommand(input))).NamedQueryId).toBe(NamedQueryId);
    await expect(
      t.athena.send(new CreateNamedQueryCommand({ ...input, QueryString: 'SELECT 2' })),
    ).rejects.toMatchObject({ name: 'InvalidRequestException', message: 'Idempotent parameters do not match' });

    const { NamedQuery } = await t.athena.send(new GetNamedQueryCommand({ NamedQueryId }));
    expect(NamedQuery).toEqual({
      Name: 'q',
      Database: 'db',
      QueryString: 'SELECT 1',
      NamedQueryId,
      WorkGroup: 'primary',
    });
    const other = (
      await t.athena.send(new CreateNamedQueryCommand({ ...input, ClientRequestToken: undefined, Name: 'r' }))
    ).NamedQueryId;
    const listed = await t.athena.send(new ListNamedQueriesCommand({}));
    expect(listed.NamedQueryIds?.sort()).toEqual([NamedQueryId, other].sort());

    const batch = await t.athena.send(
      new BatchGetNamedQueryCommand({ NamedQueryIds: [NamedQueryId ?? '', 'missing'] }),
    );
    expect(batch.NamedQueries?.map((q) => q.Name)).toEqual(['q']);
    expect(batch.UnprocessedNamedQueryIds?.map((u) => u.NamedQueryId)).toEqual(['missing']);

    await t.athena.send(new UpdateNamedQueryCommand({ NamedQueryId, Name: 'q2', QueryString: 'SELECT 3' }));
    expect((await t.athena.send(new GetNamedQueryCommand({ NamedQueryId }))).NamedQuery).toMatchObject({
      Name: 'q2',
      QueryString: 'SELECT 3',
    });
    await t.athena.send(new DeleteNamedQueryCommand({ NamedQueryId }));
    await expect(t.athena.send(new GetNamedQueryCommand({ NamedQueryId }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
    });
  });
});

describe('Athena prepared statements', () => {
  it('create, get, list, batch get, update, delete per workgroup', async () => {
    await using t = await startAthenaTestLakebox();
    await t.athena.send(
      new CreatePreparedStatementCommand({ StatementName: 'ps1', WorkGroup: 'primary', QueryStatement: 'SELECT ?' }),
    );
    await expect(
      t.athena.send(
        new CreatePreparedStatementCommand({ StatementName: 'ps1', WorkGroup: 'primary', QueryStatement: 'SELECT 1' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
    const got = (await t.athena.send(new GetPreparedStatementCommand({ StatementName: 'ps1', WorkGroup: 'primary' })))
      .PreparedStatement;
    expect(got).toMatchObject({ StatementName: 'ps1', WorkGroupName: 'primary', QueryStatement: 'SELECT ?' });
    expect(got?.LastModifiedTime).toBeInstanceOf(Date);
    await t.athena.send(
      new UpdatePreparedStatementCommand({ StatementName: 'ps1', WorkGroup: 'primary', QueryStatement: 'SELECT ?, ?' }),
    );
    const list = await t.athena.send(new ListPreparedStatementsCommand({ WorkGroup: 'primary' }));
    expect(list.PreparedStatements?.map((p) => p.StatementName)).toEqual(['ps1']);
    const batch = await t.athena.send(
      new BatchGetPreparedStatementCommand({ WorkGroup: 'primary', PreparedStatementNames: ['ps1', 'nope'] }),
    );
    expect(batch.PreparedStatements?.map((p) => p.QueryStatement)).toEqual(['SELECT ?, ?']);
    expect(batch.UnprocessedPreparedStatementNames?.map((p) => p.StatementName)).toEqual(['nope']);
    await t.athena.send(new DeletePreparedStatementCommand({ StatementName: 'ps1', WorkGroup: 'primary' }));
    await expect(
      t.athena.send(new GetPreparedStatementCommand({ StatementName: 'ps1', WorkGroup: 'primary' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('EXECUTE ... USING binds the values to ?, and ExecutionParameters bind plain queries', async () => {
    await using t = await startAthenaTestLakebox();
    await t.athena.send(
      new CreatePreparedStatementCommand({
        StatementName: 'pick',
        WorkGroup: 'primary',
        QueryStatement: 'SELECT ? AS n, ? AS s',
      }),
    );
    const q = await runQuery(t, { QueryString: "EXECUTE pick USING 1, 'a'" });
    expect(q.Status?.State, q.Status?.StateChangeReason).toBe('SUCCEEDED');
    expect(q.Query).toBe("EXECUTE pick USING 1, 'a'");
    const { rows } = await allRows(t.athena, q.QueryExecutionId ?? '');
    expect(rows.map(values)).toEqual([
      ['n', 's'],
      ['1', 'a'],
    ]);

    const viaParams = await runQuery(t, { QueryString: 'EXECUTE pick', ExecutionParameters: ['2', "'b'"] });
    expect(viaParams.Status?.State, viaParams.Status?.StateChangeReason).toBe('SUCCEEDED');
    expect((await allRows(t.athena, viaParams.QueryExecutionId ?? '')).rows.map(values)[1]).toEqual(['2', 'b']);

    await expect(
      t.athena.send(
        new StartQueryExecutionCommand({
          QueryString: 'EXECUTE missing',
          ResultConfiguration: { OutputLocation: t.output },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });

    const plain = await runQuery(t, { QueryString: 'SELECT ? + 1 AS x', ExecutionParameters: ['41'] });
    expect(plain.Status?.State, plain.Status?.StateChangeReason).toBe('SUCCEEDED');
    expect(plain.ExecutionParameters).toEqual(['41']);
    expect((await allRows(t.athena, plain.QueryExecutionId ?? '')).rows.map(values)).toEqual([['x'], ['42']]);
  });
});
