/**
 * Failures the runtime routes report to the Python layer, which raises the PySpark exception of the same
 * name (`AnalysisException`, `ParseException`, ...) or `NotImplementedError` for `NotSupported`.
 */
import { EngineError } from '../athena/engine/errors.js';

export type RuntimeErrorClass =
  | 'AnalysisException'
  | 'ParseException'
  | 'NotSupported'
  | 'IllegalArgumentException'
  | 'SparkException';

export class RuntimeFailure extends Error {
  constructor(
    readonly errorClass: RuntimeErrorClass,
    message: string,
  ) {
    super(message);
    this.name = 'RuntimeFailure';
  }
}

export function analysisError(message: string): RuntimeFailure {
  return new RuntimeFailure('AnalysisException', message);
}

export function notSupported(what: string): RuntimeFailure {
  return new RuntimeFailure('NotSupported', `not supported locally: ${what}`);
}

/** Any error as the runtime's failure: DuckDB's kinds mapped to Spark's (a binder error is an analysis error). */
export function toRuntimeFailure(error: unknown): RuntimeFailure {
  if (error instanceof RuntimeFailure) return error;
  if (error instanceof EngineError) {
    return new RuntimeFailure('AnalysisException', error.message.replace(/^[A-Z_]+: /, ''));
  }
  const text = error instanceof Error ? error.message : String(error);
  const m = /^(\w[\w ]*?) Error: ([\s\S]*)$/.exec(text);
  const kind = m?.[1] ?? '';
  const message = (m?.[2] ?? text).trim();
  if (kind === 'Parser') return new RuntimeFailure('ParseException', message);
  if (kind === 'Binder' || kind === 'Catalog') return new RuntimeFailure('AnalysisException', message);
  if (kind === 'Permission') return new RuntimeFailure('AnalysisException', `permission denied: ${message}`);
  return new RuntimeFailure('SparkException', kind ? `${kind} Error: ${message}` : message);
}
