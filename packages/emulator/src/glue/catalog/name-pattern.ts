import { errors } from '../../protocol/errors.js';

/**
 * The `Expression` of GetTables/GetDatabases-style listings: a pattern on names, where `*` matches any
 * run of characters (Hive's convention, which Glue follows) and the rest is a regular expression.
 * Matching is on the whole name and ignores case. Blank means every name.
 */
export function namePattern(expression: string | undefined): (name: string) => boolean {
  if (expression === undefined || expression.trim() === '') return () => true;
  const source = expression.replace(/(^|[^.\\])\*/g, '$1.*');
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${source})$`, 'i');
  } catch {
    throw errors.invalidInput(`Invalid expression: ${expression}`);
  }
  return (name) => re.test(name);
}
