import { formatPath, type SpecPath } from './schema.js';

/** One thing wrong with a spec: where (file, line, column, path) and what is expected. */
export interface SpecIssue {
  file: string;
  /** 1-based; absent for TypeScript specs, whose values carry no positions. */
  line?: number;
  column?: number;
  path: string;
  message: string;
}

/** Finds the line and column of a path inside one spec file, when the format has positions. */
export type Locator = (path: SpecPath, onKey?: boolean) => { line: number; column: number } | undefined;

export function issueAt(file: string, locate: Locator, path: SpecPath, message: string, onKey = false): SpecIssue {
  const pos = locate(path, onKey);
  return { file, ...(pos ? { line: pos.line, column: pos.column } : {}), path: formatPath(path), message };
}

/** `spec.yaml:12:7: tables[0].columns[1].type: expected a string, got a mapping` */
export function formatIssue(i: SpecIssue): string {
  const where = i.line !== undefined ? `${i.file}:${i.line}:${i.column}` : i.file;
  return `${where}: ${i.path}: ${i.message}`;
}

/** The spec could not be loaded; every issue found is listed, not only the first. */
export class SpecError extends Error {
  override name = 'SpecError';
  constructor(readonly issues: SpecIssue[]) {
    super(
      `the spec has ${issues.length} error${issues.length === 1 ? '' : 's'}:\n${issues.map(formatIssue).join('\n')}`,
    );
  }
}
