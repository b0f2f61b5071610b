import { it } from 'vitest';
import { runQuery, startAthenaTestLakebox } from '../support/athena.js';

it('perf', async () => {
  await using t = await startAthenaTestLakebox();
  const q = await runQuery(t, {
    QueryString: "SELECT x, 'name ' || CAST(x AS varchar) AS n, x * 1.5E0 AS d FROM UNNEST(sequence(1, 300000)) t(x)",
  });
  const t0 = performance.now();
  let token: string | undefined;
  let n = 0;
  let bytes = 0;
  do {
    const res = await fetch(t.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonAthena.GetQueryResults',
        authorization:
          'AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/athena/aws4_request, SignedHeaders=host, Signature=x',
      },
      body: JSON.stringify({ QueryExecutionId: q.QueryExecutionId, NextToken: token }),
    });
    const text = await res.text();
    bytes += text.length;
    const j = JSON.parse(text);
    n += j.ResultSet.Rows.length;
    token = j.NextToken;
  } while (token);
  const ms = performance.now() - t0;
  console.log('raw rows', n, 'ms', ms.toFixed(0), 'rows/s', Math.round((n / ms) * 1000), 'bytes', bytes);
}, 120000);
