import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Lakebox } from '../../context.js';
import type { JobScope } from './store.js';

/**
 * Where a run's files live: `<rootDir>/glue-jobs/<account>/<region>/<runId>/`, holding `work/` (the process's
 * cwd, with the script copied in), `output.jsonl` (stdout) and `error.jsonl` (stderr). Log files hold one JSON
 * object per line, `{"t": <epoch ms>, "m": "<line>"}`: the CloudWatch Logs events of the run's streams.
 */
export type LogKind = 'output' | 'error';

export interface LogEvent {
  timestamp: number;
  message: string;
}

export function jobsRoot(lakebox: Lakebox): string {
  return join(lakebox.rootDir, 'glue-jobs');
}

/** Run ids are lakebox's (`jr_<hex>`) or a retry of one; anything that could climb out of the folder is encoded. */
export function runDir(lakebox: Lakebox, scope: JobScope, runId: string): string {
  return join(jobsRoot(lakebox), scope.account, scope.region, encodeURIComponent(runId).replace(/^\.+/, '_'));
}

export function logFile(lakebox: Lakebox, scope: JobScope, runId: string, kind: LogKind): string {
  return join(runDir(lakebox, scope, runId), `${kind}.jsonl`);
}

/** The events of one run's stream, oldest first; empty when the run wrote nothing (or never started). */
export function readLogEvents(lakebox: Lakebox, scope: JobScope, runId: string, kind: LogKind): LogEvent[] {
  const file = logFile(lakebox, scope, runId, kind);
  if (!existsSync(file)) return [];
  const out: LogEvent[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    try {
      const e = JSON.parse(line) as { t: number; m: string };
      out.push({ timestamp: e.t, message: e.m });
    } catch {
      // a line cut short by a crash: skip it
    }
  }
  return out;
}

/** Appends a process's output as log events, one per line; a partial last line waits for its newline. */
export class LogWriter {
  private fd: number | undefined;
  private partial = '';
  /** The last lines written, for the run's ErrorMessage. */
  readonly tail: string[] = [];

  constructor(
    private readonly file: string,
    private readonly keep = 0,
  ) {}

  write(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    this.emit(lines);
  }

  /** Write a line of lakebox's own (e.g. why a run failed before its script ran). */
  line(message: string): void {
    this.emit([message]);
  }

  close(): void {
    if (this.partial !== '') this.emit([this.partial]);
    this.partial = '';
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private emit(lines: string[]): void {
    if (lines.length === 0) return;
    const now = Date.now();
    let out = '';
    for (const raw of lines) {
      const m = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      out += `${JSON.stringify({ t: now, m })}\n`;
      if (this.keep > 0) {
        this.tail.push(m);
        if (this.tail.length > this.keep) this.tail.shift();
      }
    }
    if (this.fd === undefined) {
      mkdirSync(join(this.file, '..'), { recursive: true });
      this.fd = openSync(this.file, 'a');
    }
    writeSync(this.fd, out);
  }
}
