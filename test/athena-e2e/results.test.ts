/**
 * What a client reads back: results paged with NextToken (header once), and the result object named by
 * ResultConfiguration.OutputLocation, read with S3 GetObject as awswrangler and friends do.
 */
import { GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { type AthenaTestLakebox, allRows, startAthenaTestLakebox, values } from '../support/athena.js';
import { createTable, FORMATS, select, splitS3Uri, upload } from './lake.js';

const ROWS = 2345;

/** `lake.big`: ROWS rows over three CSV files, with NULLs, empty strings, commas and quotes in the text. */
async function bigLake(): Promise<AthenaTestLakebox> {
  const t = await startAthenaTestLakebox();
  const line = (i: number) => {
    const text = i % 10 === 0 ? '\\N' : i % 10 === 1 ? '' : i % 10 === 2 ? `say "${i}", ok` : `row ${i}`;
    return `${i}\t${text}\t${i % 7 === 0 ? '\\N' : i * 0.25}\n`;
  };
  const ids = Array.from({ length: ROWS }, (_, i) => i);
  for (const [n, part] of [ids.slice(0, 1000), ids.slice(1000, 2000), ids.slice(2000)].entries()) {
    await upload(t, `s3://lake/big/part-${n}.tsv`, `id\ttext\tv\n${part.map(line).join('')}`);
  }
  await createTable(t, {
    database: 'lake',
    name: 'big',
    columns: ['id int', 'text string', 'v double'],
    location: 's3://lake/big/',
    format: FORMATS.csv('\t'),
    parameters: { 'skip.header.line.count': '1' },
  });
  return t;
}

/** RFC 4180 CSV (every value quoted; an empty unquoted field is NULL), as Athena writes its result object. */
function parseAthenaCsv(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quote');
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      row.push(value);
    } else {
      const end = text.slice(i).search(/[,\n]/);
      const raw = end < 0 ? text.slice(i) : text.slice(i, i + end);
      row.push(raw === '' ? null : raw);
      i += raw.length;
    }
    const sep = text[i];
    i++;
    if (sep === '\n' || sep === undefined) {
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

describe('query results through Athena and S3', () => {
  it(`pages ${ROWS} rows with NextToken: 1000 a page, the header row once`, async () => {
    await using t = await bigLake();
    const answer = await select(t, 'SELECT id, text, v FROM big ORDER BY id', 'lake');
    expect(answer.pageSizes).toEqual([1000, 1000, 346]);
    expect(answer.header).toEqual(['id', 'text', 'v']);
    expect(answer.rows).toHaveLength(ROWS);
    expect(answer.rows.filter((r) => r[0] === 'id')).toEqual([]);
    expect(answer.rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: ROWS }, (_, i) => i));
    expect(answer.rows.slice(0, 4)).toEqual([
      ['0', null, null],
      ['1', '', '0.25'],
      ['2', 'say "2", ok', '0.5'],
      ['3', 'row 3', '0.75'],
    ]);
    expect(answer.rows[ROWS - 1]).toEqual(['2344', 'row 2344', '586.0']);

    // A smaller page size pages the same rows; the header still comes once, first.
    const id = answer.execution.QueryExecutionId ?? '';
    const small = await allRows(t.athena, id, 700);
    expect(small.pages.map((p) => p.length)).toEqual([700, 700, 700, 246]);
    expect(small.rows.map(values)).toEqual([answer.header, ...answer.rows]);
    const page2 = await t.athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: 1000 }));
    expect(page2.NextToken).toBeTruthy();
  });

  it('the object at ResultConfiguration.OutputLocation holds exactly the rows, readable with GetObject', async () => {
    await using t = await bigLake();
    const answer = await select(
      t,
      'SELECT id, text, v, text IS NULL AS missing FROM big WHERE id < 1500 ORDER BY id DESC',
      'lake',
    );
    const location = answer.execution.ResultConfiguration?.OutputLocation ?? '';
    expect(location).toBe(`${t.output}${answer.execution.QueryExecutionId}.csv`);

    const { bucket, key } = splitS3Uri(location);
    const object = await t.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = (await object.Body?.transformToString('utf8')) ?? '';
    expect(text.split('\n', 1)[0]).toBe('"id","text","v","missing"');
    const csv = parseAthenaCsv(text);
    expect(csv[0]).toEqual(answer.header);
    expect(csv.slice(1)).toEqual(answer.rows);
    expect(csv).toHaveLength(1501);
    // NULL is an empty unquoted field; an empty string is `""`.
    expect(text).toContain('\n"1490",,"372.5","true"\n');
    expect(text).toContain('\n"1491","",,"false"\n');

    const metadata = await t.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `${key}.metadata` }));
    expect(metadata.ContentLength).toBeGreaterThan(0);
  });
});
