/**
 * Whether a Parquet column (as DuckDB reads it) can be read as a declared Glue type without a lossy or
 * silent conversion. Athena fails such reads with HIVE_BAD_DATA; so do we.
 */
const INTEGER_RANK: Record<string, number> = {
  TINYINT: 1,
  UTINYINT: 2,
  SMALLINT: 2,
  USMALLINT: 3,
  INTEGER: 3,
  UINTEGER: 4,
  BIGINT: 4,
};

export function compatibleParquetType(fileType: string, declared: string): boolean {
  const f = fileType.toUpperCase();
  const d = declared.toUpperCase();
  if (f === d) return true;
  const fi = INTEGER_RANK[f];
  const di = INTEGER_RANK[d];
  if (fi !== undefined && di !== undefined) return fi <= di;
  if (fi !== undefined && d.startsWith('DECIMAL')) return true;
  if (f === 'FLOAT' && d === 'DOUBLE') return true;
  if (f.startsWith('TIMESTAMP') && d === 'TIMESTAMP') return true;
  if (f.startsWith('DECIMAL') && d.startsWith('DECIMAL')) return decimalFits(f, d);
  if (f === 'BLOB' && d === 'VARCHAR') return false;
  // Nested types: DuckDB's cast checks field by field and fails the query on a mismatch.
  const nested = (t: string) => t.endsWith(']') || t.startsWith('STRUCT') || t.startsWith('MAP');
  return nested(f) && nested(d);
}

function decimalFits(file: string, declared: string): boolean {
  const parse = (t: string) => {
    const m = /DECIMAL\((\d+),\s*(\d+)\)/.exec(t);
    return m ? { p: Number(m[1]), s: Number(m[2]) } : undefined;
  };
  const a = parse(file);
  const b = parse(declared);
  if (!a || !b) return false;
  return b.s >= a.s && b.p - b.s >= a.p - a.s;
}
