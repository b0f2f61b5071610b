/** The runtime routes themselves: what the Python layer relies on, and what they refuse. */
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';

async function post(endpoint: string, route: string, body: unknown, contentType = 'application/json') {
  const res = await fetch(`${endpoint}/_lakebox/runtime/${route}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('/_lakebox/runtime', () => {
  it('answers rows with Spark types', async () => {
    await using t = await startTestLakebox();
    const r = await post(t.endpoint, 'collect', {
      plan: {
        sql: "SELECT 1 AS i, CAST(2 AS BIGINT) AS l, 'x' AS s, DATE '2024-01-05' AS d, sum(3) AS h",
        relations: {},
      },
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      columns: [
        { name: 'i', type: 'integer' },
        { name: 'l', type: 'long' },
        { name: 's', type: 'string' },
        { name: 'd', type: 'date' },
        { name: 'h', type: 'long' },
      ],
      rows: [[1, '2', 'x', '2024-01-05', '3']],
    });
  });

  it('refuses a plan that is more than one statement, and bodies that are not JSON', async () => {
    await using t = await startTestLakebox();
    const injected = await post(t.endpoint, 'collect', {
      plan: { sql: 'SELECT 1) AS x; CREATE MACRO lb_sp_bool(x) AS true; SELECT * FROM (SELECT 1', relations: {} },
    });
    expect(injected.status).toBe(400);
    const plain = await post(t.endpoint, 'collect', { plan: { sql: 'SELECT 1', relations: {} } }, 'text/plain');
    expect(plain.status).toBe(415);
  });

  it('reports binder errors as AnalysisException and unsupported statements as NotSupported', async () => {
    await using t = await startTestLakebox();
    const missing = await post(t.endpoint, 'schema', { plan: { sql: 'SELECT nope FROM range(1)', relations: {} } });
    expect(missing.status).toBe(400);
    expect(missing.json['errorClass']).toBe('AnalysisException');
    const ddl = await post(t.endpoint, 'schema', {
      plan: {
        sql: 'SELECT * FROM lb_rel_1',
        relations: { lb_rel_1: { kind: 'sql', text: 'CREATE TABLE x (a INT)', views: {} } },
      },
    });
    expect(ddl.json['errorClass']).toBe('NotSupported');
    expect(String(ddl.json['message'])).toMatch(/^not supported locally: spark\.sql\(CREATE TABLE/);
  });
});
