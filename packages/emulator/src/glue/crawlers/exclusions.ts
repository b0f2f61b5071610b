/**
 * S3 target exclusions, with the glob syntax the Glue developer guide documents ("Include and exclude
 * patterns"): patterns match the object key relative to the target path; `*` matches within one path
 * segment, `**` across segments, `?` one character, `[abc]`/`[!a-c]` a class, `{a,b}` alternatives,
 * `\` escapes the next character.
 *
 * @example
 * excluder(['**.csv', 'tmp/**'])('2024/a.csv') // true
 */
export function excluder(patterns: readonly string[]): (relativeKey: string) => boolean {
  const regexes = patterns.map(globToRegExp);
  return (key) => regexes.some((r) => r.test(key));
}

export function globToRegExp(glob: string): RegExp {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '\\') {
      out += escapeChar(glob[++i] ?? '\\');
    } else if (ch === '*') {
      if (glob[i + 1] === '*') {
        out += '.*';
        i++;
      } else out += '[^/]*';
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) out += '\\[';
      else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (ch === '{') {
      braces++;
      out += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (ch === ',' && braces > 0) {
      out += '|';
    } else out += escapeChar(ch);
  }
  return new RegExp(`^${out}$`, 's');
}

function escapeChar(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}
