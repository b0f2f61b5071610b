/** One measured number of the Athena bench, as the table prints it and the JSON line records it. */
export interface Figure {
  /** Stable dotted id, the JSON key (e.g. `aggregate.ratio`). Not for display. */
  key: string;
  section: string;
  label: string;
  value: number;
  unit: 'ms' | 'x' | 'rows/s' | 'MiB' | 'count' | '%';
  /** The figure should stay at or below this. */
  targetMax?: number;
  /** The figure should stay at or above this. */
  targetMin?: number;
}

export interface Report {
  meta: Record<string, string | number>;
  figures: Figure[];
}

/** Builders for the figures of one section. */
export function section(name: string) {
  const make =
    (unit: Figure['unit']) =>
    (key: string, label: string, value: number, target?: { max?: number; min?: number }): Figure => ({
      key,
      section: name,
      label,
      value,
      unit,
      ...(target?.max === undefined ? {} : { targetMax: target.max }),
      ...(target?.min === undefined ? {} : { targetMin: target.min }),
    });
  return {
    ms: make('ms'),
    ratio: make('x'),
    rate: make('rows/s'),
    count: make('count'),
    percent: make('%'),
    mib: (key: string, label: string, bytes: number): Figure => make('MiB')(key, label, bytes / 2 ** 20),
  };
}

function format(value: number, unit: Figure['unit']): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'count':
      return Math.round(value).toLocaleString('en-US');
    case 'rows/s':
      return `${Math.round(value).toLocaleString('en-US')} rows/s`;
    case 'x':
      return `${value.toFixed(2)}x`;
    case '%':
      return `${value.toFixed(value < 1 ? 3 : 1)} %`;
    default: {
      const digits = value >= 100 ? 0 : value >= 10 ? 1 : value >= 0.1 ? 2 : 4;
      return `${value.toFixed(digits)} ${unit}`;
    }
  }
}

function met(f: Figure): boolean | undefined {
  if (f.targetMax !== undefined) return f.value <= f.targetMax;
  if (f.targetMin !== undefined) return f.value >= f.targetMin;
  return undefined;
}

/** The report as an aligned text table, one block per section, with targets marked `ok` or `MISSED`. */
export function renderText(report: Report): string {
  const meta = Object.entries(report.meta)
    .map(([k, v]) => `${k}=${v}`)
    .join('  ');
  const lines = [`lakebox Athena benchmark  ${meta}`, ''];
  const labelWidth = Math.max(...report.figures.map((f) => f.label.length), 10);
  let current = '';
  for (const f of report.figures) {
    if (f.section !== current) {
      current = f.section;
      lines.push(current);
    }
    const ok = met(f);
    const target =
      ok === undefined
        ? ''
        : f.targetMax !== undefined
          ? `  target ≤ ${format(f.targetMax, f.unit)}  ${ok ? 'ok' : 'MISSED'}`
          : `  target ≥ ${format(f.targetMin ?? Number.NaN, f.unit)}  ${ok ? 'ok' : 'MISSED'}`;
    lines.push(`  ${f.label.padEnd(labelWidth)}  ${format(f.value, f.unit).padStart(16)}${target}`);
  }
  return lines.join('\n');
}

const round = (value: number) => (Number.isFinite(value) ? Math.round(value * 1000) / 1000 : null);

/** The report as one JSON object: `figures` maps keys to numbers, `targets` says which were met. */
export function renderJson(report: Report): string {
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
  return JSON.stringify({ bench: 'athena', ...report.meta, figures, targets });
}
