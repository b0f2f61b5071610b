/**
 * Trino functions and operators that DuckDB lacks or defines differently, as DuckDB macros (created once
 * per engine, before the configuration is locked) and renames applied to the parsed query.
 *
 * Known differences left: date_add on a DATE keeps the DATE type only when the argument is known to be a
 * date from the query's text and its tables' column types (`date-columns.ts`); cardinality works on arrays
 * only; a TIMESTAMP WITH TIME ZONE is shown in UTC unless its zone is visible in the query (`output-names.ts`).
 */

/** Macros in the engine's `main` schema. Names start with `lb_` so no Trino function is shadowed. */
export const MACROS: readonly string[] = [
  // Trino: integer division truncates (the engine runs with integer_division = true, so `/` does) and fails
  // on a zero divisor; a floating point division by zero is ±Infinity, or NaN for 0/0 and NaN/0 (DuckDB:
  // NULL). A macro has one result type for all its branches, so the infinity is made in the quotient's own
  // type: 1 in that type (`coalesce(a / b, 1)`), overflowed by integer literals, which keep the type; then
  // signed (0 × Infinity is NaN). Each operand is written out 4 times, and a macro's arguments are copied
  // into it, so a division whose operand holds another division uses lb_divide_nested (2 copies, a float
  // divided by zero is NULL there): `x / 2.0 / 2.0 / ...` would otherwise grow as 4^depth.
  `CREATE MACRO lb_overflow(x) AS x${' * 1000000000'.repeat(36)}`,
  `CREATE MACRO lb_divide(a, b) AS CASE
     WHEN typeof(a) NOT IN ('DOUBLE', 'FLOAT') AND typeof(b) NOT IN ('DOUBLE', 'FLOAT') AND b = 0
       THEN error('DIVISION_BY_ZERO: Division by zero')
     WHEN b = 0 THEN lb_overflow(coalesce(a / b, 1)) * sign(a)
     ELSE a / b END`,
  `CREATE MACRO lb_divide_nested(a, b) AS CASE
     WHEN typeof(a) NOT IN ('DOUBLE', 'FLOAT') AND typeof(b) NOT IN ('DOUBLE', 'FLOAT') AND b = 0
       THEN error('DIVISION_BY_ZERO: Division by zero')
     ELSE a / b END`,
  `CREATE MACRO lb_modulo(a, b) AS CASE
     WHEN typeof(a) NOT IN ('DOUBLE', 'FLOAT') AND typeof(b) NOT IN ('DOUBLE', 'FLOAT') AND b = 0
       THEN error('DIVISION_BY_ZERO: Division by zero')
     ELSE a % b END`,
  `CREATE MACRO lb_regexp_extract(s, p) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p) END,
     (s, p, g) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p, g) END`,
  `CREATE MACRO lb_json_extract_scalar(j, p) AS CASE
     WHEN json_type(json_extract(j, p)) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END`,
  `CREATE MACRO lb_date_add(u, n, x) AS x + CASE lower(u)
     WHEN 'millisecond' THEN to_milliseconds(n) WHEN 'second' THEN to_seconds(n)
     WHEN 'minute' THEN to_minutes(n) WHEN 'hour' THEN to_hours(n) WHEN 'day' THEN to_days(n)
     WHEN 'week' THEN to_weeks(n) WHEN 'month' THEN to_months(n) WHEN 'quarter' THEN to_months(3 * n)
     WHEN 'year' THEN to_years(n)
     ELSE error('INVALID_FUNCTION_ARGUMENT: ''' || u || ''' is not a valid Timestamp field') END`,
  // Trino's date_trunc keeps a DATE a DATE (DuckDB's gives a timestamp); time_bucket keeps its argument's
  // type. Its buckets start at 2000-01-01 for months and years and at Monday 2000-01-03 otherwise, so they
  // are calendar years, quarters, months and ISO weeks.
  `CREATE MACRO lb_date_trunc(u, x) AS time_bucket(CASE lower(u)
     WHEN 'millisecond' THEN INTERVAL 1 MILLISECOND WHEN 'second' THEN INTERVAL 1 SECOND
     WHEN 'minute' THEN INTERVAL 1 MINUTE WHEN 'hour' THEN INTERVAL 1 HOUR WHEN 'day' THEN INTERVAL 1 DAY
     WHEN 'week' THEN INTERVAL 7 DAY WHEN 'month' THEN INTERVAL 1 MONTH WHEN 'quarter' THEN INTERVAL 3 MONTH
     WHEN 'year' THEN INTERVAL 1 YEAR
     ELSE error('INVALID_FUNCTION_ARGUMENT: ''' || u || ''' is not a valid Timestamp field') END, x)`,
  // Trino's `x AT TIME ZONE z` is the same instant as x (a timestamp without zone is in the session zone, UTC),
  // shown in z (results.ts); DuckDB's would read a timestamp as local time in z. An unknown zone fails.
  `CREATE MACRO lb_at_time_zone(z, x) AS CASE
     WHEN timezone(z, TIMESTAMPTZ '2000-01-01 00:00:00+00') IS NULL AND x IS NULL THEN NULL
     ELSE CAST(x AS TIMESTAMPTZ) END`,
  `CREATE MACRO lb_at_timezone(x, z) AS lb_at_time_zone(z, x)`,
  // with_timezone reads a timestamp as local time in z.
  `CREATE MACRO lb_with_timezone(x, z) AS timezone(z, CAST(x AS TIMESTAMP))`,
  // In DOUBLE: an INTEGER argument times 10^6 would overflow INTEGER past 2147 seconds.
  `CREATE MACRO lb_from_unixtime(x) AS make_timestamptz(CAST(round(CAST(x AS DOUBLE) * 1000000) AS BIGINT))`,
  `CREATE MACRO lb_from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)`,
  `CREATE MACRO lb_from_iso8601_date(s) AS CAST(s AS DATE)`,
  `CREATE MACRO lb_to_unixtime(t) AS epoch_ms(t) / 1000.0`,
  `CREATE MACRO lb_contains(a, x) AS list_contains(a, x)`,
  `CREATE MACRO lb_array_join(a, sep) AS array_to_string(a, sep)`,
  `CREATE MACRO lb_cardinality(a) AS len(a)`,
  `CREATE MACRO lb_date(x) AS CAST(x AS DATE)`,
  `CREATE MACRO lb_approx_percentile(x, p) AS approx_quantile(x, CAST(p AS FLOAT))`,
  `CREATE MACRO lb_nan() AS CAST('NaN' AS DOUBLE)`,
  `CREATE MACRO lb_infinity() AS CAST('Infinity' AS DOUBLE)`,
  // Trino replaces every match (DuckDB: the first, unless 'g'); `$1` group references are translated
  // when the replacement is a literal (see rewrite.ts).
  `CREATE MACRO lb_regexp_replace(s, p) AS regexp_replace(s, p, '', 'g'), (s, p, r) AS regexp_replace(s, p, r, 'g')`,
  `CREATE MACRO lb_replace(s, x) AS replace(s, x, ''), (s, x, y) AS replace(s, x, y)`,
  // Trino's digests take and return varbinary; DuckDB's return hex text.
  `CREATE MACRO lb_md5(x) AS unhex(md5(x))`,
  `CREATE MACRO lb_sha1(x) AS unhex(sha1(x))`,
  `CREATE MACRO lb_sha256(x) AS unhex(sha256(x))`,
  `CREATE MACRO lb_url_extract_host(u) AS nullif(regexp_extract(u, '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^:/?#]*)', 1), '')`,
  `CREATE MACRO lb_url_extract_path(u) AS regexp_extract(u, '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*([^?#]*)', 1)`,
];

/** Trino function name → DuckDB function or macro taking the same arguments. */
export const RENAMES: Readonly<Record<string, string>> = {
  approx_distinct: 'approx_count_distinct',
  approx_percentile: 'lb_approx_percentile',
  nan: 'lb_nan',
  infinity: 'lb_infinity',
  format: 'printf',
  date: 'lb_date',
  regexp_replace: 'lb_regexp_replace',
  replace: 'lb_replace',
  is_nan: 'isnan',
  is_finite: 'isfinite',
  is_infinite: 'isinf',
  truncate: 'trunc',
  rand: 'random',
  last_day_of_month: 'last_day',
  array_max: 'list_max',
  array_min: 'list_min',
  transform: 'list_transform',
  day_of_week: 'isodow',
  dow: 'isodow',
  day_of_month: 'day',
  day_of_year: 'dayofyear',
  doy: 'dayofyear',
  to_utf8: 'encode',
  from_utf8: 'decode',
  url_extract_host: 'lb_url_extract_host',
  md5: 'lb_md5',
  sha256: 'lb_sha256',
  sha1: 'lb_sha1',
  to_hex: 'hex',
  from_hex: 'unhex',
  url_extract_path: 'lb_url_extract_path',
  sequence: 'generate_series',
  arbitrary: 'any_value',
  regexp_like: 'regexp_matches',
  regexp_extract: 'lb_regexp_extract',
  json_extract_scalar: 'lb_json_extract_scalar',
  date_add: 'lb_date_add',
  date_trunc: 'lb_date_trunc',
  // `x AT TIME ZONE z` is parsed as timezone(z, x).
  timezone: 'lb_at_time_zone',
  at_timezone: 'lb_at_timezone',
  with_timezone: 'lb_with_timezone',
  // Trino counts whole units elapsed, which is DuckDB's date_sub, not its date_diff (boundaries crossed).
  date_diff: 'date_sub',
  from_unixtime: 'lb_from_unixtime',
  from_iso8601_timestamp: 'lb_from_iso8601_timestamp',
  from_iso8601_date: 'lb_from_iso8601_date',
  to_unixtime: 'lb_to_unixtime',
  contains: 'lb_contains',
  array_join: 'lb_array_join',
  cardinality: 'lb_cardinality',
  date_format: 'strftime',
  format_datetime: 'strftime',
  date_parse: 'strptime',
  parse_datetime: 'strptime',
};

/** Functions whose format argument (second) is translated to a strftime format when it is a literal. */
export const FORMAT_ARGUMENT: Readonly<Record<string, 'mysql' | 'joda'>> = {
  date_format: 'mysql',
  date_parse: 'mysql',
  format_datetime: 'joda',
  parse_datetime: 'joda',
};

/** MySQL-style specifiers (Trino date_format/date_parse) → strftime. */
const MYSQL: Readonly<Record<string, string>> = {
  a: '%a',
  b: '%b',
  c: '%-m',
  d: '%d',
  e: '%-d',
  f: '%f',
  H: '%H',
  h: '%I',
  I: '%I',
  i: '%M',
  j: '%j',
  k: '%-H',
  l: '%-I',
  M: '%B',
  m: '%m',
  p: '%p',
  r: '%I:%M:%S %p',
  S: '%S',
  s: '%S',
  T: '%H:%M:%S',
  v: '%V',
  W: '%A',
  w: '%w',
  x: '%G',
  Y: '%Y',
  y: '%y',
  '%': '%%',
};

export function mysqlFormat(format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i] ?? '';
    if (c === '%' && i + 1 < format.length) {
      const spec = format[++i] ?? '';
      out += MYSQL[spec] ?? spec;
    } else out += c;
  }
  return out;
}

/** Joda-style patterns (Trino format_datetime/parse_datetime) → strftime, for the common letters. */
const JODA: ReadonlyArray<[string, string]> = [
  ['yyyy', '%Y'],
  ['yy', '%y'],
  ['MMMM', '%B'],
  ['MMM', '%b'],
  ['MM', '%m'],
  ['M', '%-m'],
  ['dd', '%d'],
  ['d', '%-d'],
  ['HH', '%H'],
  ['H', '%-H'],
  ['hh', '%I'],
  ['h', '%-I'],
  ['mm', '%M'],
  ['m', '%-M'],
  ['ss', '%S'],
  ['s', '%-S'],
  ['SSSSSS', '%f'],
  ['SSS', '%g'],
  ['a', '%p'],
  ['EEEE', '%A'],
  ['EEE', '%a'],
  ['DDD', '%j'],
  ['ZZ', '%z'],
  ['Z', '%z'],
  ['z', '%Z'],
];

export function jodaFormat(format: string): string {
  let out = '';
  let i = 0;
  while (i < format.length) {
    const c = format[i] ?? '';
    if (c === "'") {
      const end = format.indexOf("'", i + 1);
      const text = format.slice(i + 1, end < 0 ? format.length : end);
      out += text === '' ? "'" : text.replaceAll('%', '%%');
      i = end < 0 ? format.length : end + 1;
      continue;
    }
    const hit = JODA.find(([p]) => format.startsWith(p, i));
    if (hit) {
      out += hit[1];
      i += hit[0].length;
    } else {
      out += c === '%' ? '%%' : c;
      i++;
    }
  }
  return out;
}
