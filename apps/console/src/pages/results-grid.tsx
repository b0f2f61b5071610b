import type { ResultPage } from '../athena';

const NUMERIC = /^(tinyint|smallint|integer|int|bigint|double|float|real|decimal)/i;

/** Query results: a header with each column's Athena type, NULL shown apart from the text 'NULL'. */
export function ResultsGrid(props: { page: ResultPage; offset: number }) {
  const { columns, rows } = props.page;
  return (
    <div class="table-wrap results">
      <table class="grid" aria-label="Query results">
        <thead>
          <tr>
            <th class="rownum" scope="col">
              #
            </th>
            {columns.map((c, i) => (
              <th key={`${c.name}-${i}`} scope="col" class={NUMERIC.test(c.type) ? 'num' : undefined}>
                <span class="col-name">{c.name}</span>
                <span class="col-type">{c.type}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td class="rownum">{props.offset + i + 1}</td>
              {columns.map((c, j) => {
                const v = r[j];
                return (
                  <td key={`${c.name}-${j}`} class={NUMERIC.test(c.type) ? 'num' : undefined}>
                    {v === null || v === undefined ? <span class="null">NULL</span> : v}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
