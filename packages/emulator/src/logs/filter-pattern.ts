import { logsErrors } from './errors.js';

/**
 * CloudWatch Logs filter patterns for unstructured events: terms that must all appear (`ERROR timeout`),
 * quoted phrases (`"Job failed"`), optional terms of which one must appear (`?ERROR ?WARN`), excluded terms
 * (`ERROR -retry`) and regular expressions between `%` (`%[0-9]{3}%`). Matching is case-sensitive, as in AWS.
 *
 * LIMITATIONS: JSON patterns (`{ $.level = "ERROR" }`) and space-delimited patterns (`[ip, user, ...]`) are
 * rejected with InvalidParameterException.
 *
 * @example
 * compileFilterPattern('ERROR -retry')('ERROR: gave up') // true
 */
export function compileFilterPattern(pattern: string | undefined): (message: string) => boolean {
  const text = (pattern ?? '').trim();
  if (text === '' || text === '""') return () => true;
  if (text.startsWith('{') || text.startsWith('[')) {
    throw logsErrors.invalidParameter(
      'lakebox supports plain-term filter patterns only (terms, "phrases", ?optional, -excluded, %regex%).',
    );
  }
  const required: Matcher[] = [];
  const optional: Matcher[] = [];
  const excluded: Matcher[] = [];
  for (const token of tokenize(text)) {
    const bucket = token.prefix === '?' ? optional : token.prefix === '-' ? excluded : required;
    bucket.push(matcherOf(token.term));
  }
  return (message) =>
    required.every((m) => m(message)) &&
    (optional.length === 0 || optional.some((m) => m(message))) &&
    !excluded.some((m) => m(message));
}

type Matcher = (message: string) => boolean;

function matcherOf(term: string): Matcher {
  if (term.length > 1 && term.startsWith('%') && term.endsWith('%')) {
    let re: RegExp;
    try {
      re = new RegExp(term.slice(1, -1));
    } catch {
      throw logsErrors.invalidParameter(`Invalid regular expression in filter pattern: ${term}`);
    }
    return (m) => re.test(m);
  }
  return (m) => m.includes(term);
}

interface Token {
  prefix: '' | '?' | '-';
  term: string;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ') i++;
    if (i >= text.length) break;
    let prefix: Token['prefix'] = '';
    if (text[i] === '?' || text[i] === '-') {
      prefix = text[i] as '?' | '-';
      i++;
    }
    let term = '';
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw logsErrors.invalidParameter('Invalid filter pattern: unclosed quote.');
      term = text.slice(i + 1, end);
      i = end + 1;
    } else if (text[i] === '%') {
      const end = text.indexOf('%', i + 1);
      if (end < 0) throw logsErrors.invalidParameter('Invalid filter pattern: unclosed %regex%.');
      term = text.slice(i, end + 1);
      i = end + 1;
    } else {
      const end = text.indexOf(' ', i);
      term = text.slice(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    }
    if (term !== '') out.push({ prefix, term });
  }
  return out;
}
