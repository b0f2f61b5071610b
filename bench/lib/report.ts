import { availableParallelism, cpus, loadavg } from 'node:os';
/** The benches that print a report; the name heads the table and is the JSON `bench` field. */
export type BenchName = 'catalog' | 'athena' | 'reconciler' | 'crawler' | 'jobs';

/** One measured number, as the table prints it and the JSON line records it. */
export interface Figure {
  /** Stable dotted id used as the JSON key, e.g. `getTable.p99Ms`. Not for display. */
  key: string;
  /** Section heading the table groups it under. */
  section: string;
  label: string;
  value: number;
  unit: 'ms' | 'ops/s' | 'rows/s' | 'x' | 'MiB' | 'count' | '%';
  /** The figure should stay at or below this. */
  targetMax?: number;
  /** The figure should stay at or above this. */
  targetMin?: number;
}

/** Bounds a figure should stay within (inclusive). */
export interface Target {
  max?: number;
  min?: number;
}

/** A section that did not run, and why (e.g. an operation lakebox does not serve yet). */
export interface Skipped {
  section: string;
  reason: string;
}

export interface Report {
  bench: BenchName;
  meta: Record<string, string | number>;
  figures: Figure[];
  /** Sections that did not run. When present, the JSON line carries it as `skipped` (even if empty). */
  skipped?: Skipped[];
}

/** Builders for the figures of one section. */
export function section(name: string) {
  const make =
    (unit: Figure['unit']) =>
    (key: string, label: string, value: number, target?: Target): Figure => ({
      key,
      section: name,
      label,
      value,
      unit,
      ...(target?.max === undefined ? {} : { targetMax: target.max }),
      ...(target?.min === undefined ? {} : { targetMin: target.min }),
    });
  const ms = make('ms');
  return {
    ms,
    ratio: make('x'),
    opsPerSec: make('ops/s'),
    rowsPerSec: make('rows/s'),
    count: make('count'),
    percent: make('%'),
    mib: (key: string, label: string, bytes: number, target?: Target): Figure =>
      make('MiB')(key, label, bytes / 2 ** 20, target),
    /** Server and client CPU per operation, from a `withCpu` measurement over `ops` operations. */
    cpu: (keyPrefix: string, per: string, ops: number, cpu: { serverMs: number; clientMs: number }): Figure[] => [
      ms(`${keyPrefix}ServerCpuMs`, `server CPU per ${per}`, cpu.serverMs / ops),
      ms(`${keyPrefix}ClientCpuMs`, `client (SDK) CPU per ${per}`, cpu.clientMs / ops),
    ],
  };
}

/** How the benches lay out their numbers (one layout for all). */
interface Style {
  /** Width the value column is padded to. */
  valueWidth: number;
  /** Decimal places of ms and MiB values below 0.1. */
  smallDigits: number;
  /** Signs printed before a `targetMax` and a `targetMin`. */
  atMost: string;
  atLeast: string;
  /** Decimal places the JSON figures are rounded to. */
  jsonDecimals: number;
}

const STYLE: Style = { valueWidth: 16, smallDigits: 4, atMost: '≤', atLeast: '≥', jsonDecimals: 3 };

function format(value: number, unit: Figure['unit'], style: Style): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'count':
      return Math.round(value).toLocaleString('en-US');
    case 'ops/s':
    case 'rows/s':
      return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
    case 'x':
      return `${value.toFixed(2)}x`;
    case '%':
      return `${value.toFixed(value < 1 ? 3 : 1)} %`;
    default: {
      const digits = value >= 100 ? 0 : value >= 10 ? 1 : value >= 0.1 ? 2 : style.smallDigits;
      return `${value.toFixed(digits)} ${unit}`;
    }
  }
}

/** Whether the figure met its target; undefined when it has none. */
function met(f: Figure): boolean | undefined {
  if (f.targetMax !== undefined) return f.value <= f.targetMax;
  if (f.targetMin !== undefined) return f.value >= f.targetMin;
  return undefined;
}

/** The report as an aligned text table, one block per section, with targets marked `ok` or `MISSED`. */
export function renderText(report: Report): string {
  const style = STYLE;
  const meta = Object.entries(report.meta)
    .map(([k, v]) => `${k}=${v}`)
    .join('  ');
  const lines = [`lakebox ${report.bench} benchmark  ${meta}`, ''];
  const labelWidth = Math.max(...report.figures.map((f) => f.label.length), 10);
  let current = '';
  for (const f of report.figures) {
    if (f.section !== current) {
      current = f.section;
      lines.push(current);
    }
    const ok = met(f);
    const bound =
      f.targetMax !== undefined
        ? `${style.atMost} ${format(f.targetMax, f.unit, style)}`
        : `${style.atLeast} ${format(f.targetMin ?? Number.NaN, f.unit, style)}`;
    const target = ok === undefined ? '' : `  target ${bound}  ${ok ? 'ok' : 'MISSED'}`;
    lines.push(
      `  ${f.label.padEnd(labelWidth)}  ${format(f.value, f.unit, style).padStart(style.valueWidth)}${target}`,
    );
  }
  for (const skipped of report.skipped ?? []) lines.push(skipped.section, `  skipped: ${skipped.reason}`);
  return lines.join('\n');
}

/**
 * The report as one JSON object: `bench`, the meta entries, `figures` mapping keys to numbers, `targets` saying
 * which were met, and `skipped` when the report has it.
 */
export function renderJson(report: Report): string {
  const scale = 10 ** STYLE.jsonDecimals;
  const round = (value: number) => (Number.isFinite(value) ? Math.round(value * scale) / scale : null);
  const figures: Record<string, number | null> = {};
  const targets: Record<string, { max?: number; min?: number; met: boolean }> = {};
  for (const f of report.figures) {
    figures[f.key] = round(f.value);
    const ok = met(f);
    if (ok !== undefined) {
      targets[f.key] = {
        ...(f.targetMax === undefined ? {} : { max: f.targetMax }),
        ...(f.targetMin === undefined ? {} : { min: f.targetMin }),
        met: ok,
      };
    }
  }
  const skipped = report.skipped === undefined ? {} : { skipped: report.skipped };
  return JSON.stringify({ bench: report.bench, ...report.meta, figures, targets, ...skipped });
}

/** What every bench records about the machine it ran on. */
export function machineMeta(): Record<string, string | number> {
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    // Other work on the machine skews every figure: a load above 0.5 per CPU at the start is worth a rerun.
    loadavg1: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
