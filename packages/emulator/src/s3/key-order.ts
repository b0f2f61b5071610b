/**
 * S3 lists keys in UTF-8 byte order, which is SQLite's BINARY order on UTF-8 text and code point order.
 */

/** The smallest string greater than every string starting with `p` (UTF-8 order), or undefined if none. */
export function prefixEnd(p: string): string | undefined {
  const chars = [...p];
  while (chars.length > 0) {
    const last = chars.pop() as string;
    let cp = (last.codePointAt(0) as number) + 1;
    if (cp === 0xd800) cp = 0xe000;
    if (cp <= 0x10ffff) return chars.join('') + String.fromCodePoint(cp);
  }
  return undefined;
}

/** Compare two keys as S3 orders them (UTF-8 bytes; JavaScript's `<` compares UTF-16 units instead). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
