/** One measured number, as the table prints it and the JSON records it. */
export interface Figure {
  /** Stable dotted id used as the JSON key, e.g. `getTable.p99Ms`. Not for display. */
  key: string;
  /** Section heading the table groups it under. */
  section: string;
  label: string;
  value: number;
  unit: 'ms' | 'ops/s' | 'MiB' | 'count';
  /** The figure should stay at or below this. */
  targetMax?: number;
}

/** Builders for the figures of one section. */
export function sectionFigures(section: string) {
  return {
    ms: (key: string, label: string, value: number, targetMax?: number): Figure => ({
      key,
      section,
      label,
      value,
      unit: 'ms',
      ...(targetMax === undefined ? {} : { targetMax }),
    }),
    rate: (key: string, label: string, value: number): Figure => ({ key, section, label, value, unit: 'ops/s' }),
    mib: (key: string, label: string, kib: number): Figure => ({ key, section, label, value: kib / 1024, unit: 'MiB' }),
    /** Server and client CPU per operation, from a `withCpu` measurement over `ops` operations. */
    cpu: (keyPrefix: string, per: string, ops: number, cpu: { serverMs: number; clientMs: number }): Figure[] => [
      {
        key: `${keyPrefix}ServerCpuMs`,
        section,
        label: `server CPU per ${per}`,
        value: cpu.serverMs / ops,
        unit: 'ms',
      },
      {
        key: `${keyPrefix}ClientCpuMs`,
        section,
        label: `client (SDK) CPU per ${per}`,
        value: cpu.clientMs / ops,
        unit: 'ms',
      },
    ],
  };
}

/** A section that did not run, and why (e.g. an operation lakebox does not serve yet). */
export interface Skipped {
  section: string;
  reason: string;
}

export interface Report {
  meta: Record<string, string | number>;
  figures: Figure[];
  skipped: Skipped[];
}

function format(value: number, unit: Figure['unit']): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'count') return String(Math.round(value));
  if (unit === 'ops/s') return `${Math.round(value).toLocaleString('en-US')} ops/s`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

/** The report as an aligned text table, one block per section, with targets marked. */
export function renderText(report: Report): string {
  const lines: string[] = [];
  const meta = Object.entries(report.meta)
    .map(([k, v]) => `${k}=${v}`)
    .join('  ');
  lines.push(`lakebox catalog benchmark  ${meta}`, '');
  const labelWidth = Math.max(...report.figures.map((f) => f.label.length), 10);
  let section = '';
  for (const figure of report.figures) {
    if (figure.section !== section) {
      section = figure.section;
      lines.push(section);
    }
    const value = format(figure.value, figure.unit).padStart(14);
    const target =
      figure.targetMax === undefined
        ? ''
        : `  target < ${format(figure.targetMax, figure.unit)}  ${figure.value <= figure.targetMax ? 'ok' : 'MISSED'}`;
    lines.push(`  ${figure.label.padEnd(labelWidth)}  ${value}${target}`);
  }
  for (const skipped of report.skipped) lines.push(skipped.section, `  skipped: ${skipped.reason}`);
  return lines.join('\n');
}

const round = (value: number) => (Number.isFinite(value) ? Math.round(value * 100) / 100 : null);

/** The report as one JSON object: `figures` maps keys to numbers, `targets` says which were met. */
export function renderJson(report: Report): string {
  const figures: Record<string, number | null> = {};
  const targets: Record<string, { max: number; met: boolean }> = {};
  for (const f of report.figures) {
    figures[f.key] = round(f.value);
    if (f.targetMax !== undefined) targets[f.key] = { max: f.targetMax, met: f.value <= f.targetMax };
  }
  return JSON.stringify({ bench: 'catalog', ...report.meta, figures, targets, skipped: report.skipped });
}
