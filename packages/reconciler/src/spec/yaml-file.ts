import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Locator, SpecIssue } from './issues.js';
import type { SpecPath } from './schema.js';

/** A parsed YAML spec file: its value, syntax errors, and a locator for paths in it. */
export interface ParsedFile {
  value: unknown;
  syntax: SpecIssue[];
  locate: Locator;
}

/** Parse YAML keeping positions, so errors can name the line and column. */
export function parseYamlFile(file: string, text: string): ParsedFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, merge: true });
  const syntax: SpecIssue[] = doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return { file, line: pos.line, column: pos.col, path: '(syntax)', message: e.message.split('\n')[0] ?? e.message };
  });
  const locate: Locator = (path: SpecPath, onKey = false) => {
    let offset: number | undefined;
    if (onKey && path.length > 0) {
      const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]);
        if (pair && isScalar(pair.key)) offset = pair.key.range?.[0];
      }
    }
    if (offset === undefined) {
      for (let n = path.length; n >= 0 && offset === undefined; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
        if (range) offset = range[0];
      }
    }
    if (offset === undefined) return undefined;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return { value: syntax.length > 0 ? undefined : doc.toJS(), syntax, locate };
}
