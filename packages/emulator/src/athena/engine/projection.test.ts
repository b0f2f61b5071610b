import type { Table } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { formatDate, parseDate, projectedPartitions } from './projection.js';

function table(parameters: Record<string, string>, keys: string[]): Table {
  return {
    Name: 't',
    Parameters: { 'projection.enabled': 'true', ...parameters },
    PartitionKeys: keys.map((k) => ({ Name: k, Type: 'string' })),
    StorageDescriptor: { Location: 's3://b/t/' },
  };
}

describe('partition projection', () => {
  it('formats and parses Java date patterns', () => {
    const t = Date.UTC(2024, 1, 29, 7, 5, 3);
    expect(formatDate(new Date(t), 'yyyy/MM/dd/HH')).toBe('2024/02/29/07');
    expect(formatDate(new Date(t), "yyyyMMdd'T'HHmmss")).toBe('20240229T070503');
    expect(parseDate('2024/02/29/07', 'yyyy/MM/dd/HH')).toBe(Date.UTC(2024, 1, 29, 7));
    expect(parseDate('20240229', 'yyyyMMdd')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDate('2024-02', 'yyyy-MM-dd')).toBeUndefined();
  });

  it('projects dates by interval and unit, relative to NOW', () => {
    const now = new Date(Date.UTC(2024, 5, 15, 12));
    const hours = projectedPartitions(
      table(
        {
          'projection.h.type': 'date',
          'projection.h.format': 'yyyy/MM/dd/HH',
          'projection.h.range': 'NOW-1DAYS,NOW',
          'projection.h.interval': '6',
        },
        ['h'],
      ),
      'awsdatacatalog.db.t',
      undefined,
      new Set(['t']),
      now,
    );
    expect(hours.map((p) => p.Values?.[0])).toEqual([
      '2024/06/14/12',
      '2024/06/14/18',
      '2024/06/15/00',
      '2024/06/15/06',
      '2024/06/15/12',
    ]);
    expect(hours[0]?.StorageDescriptor?.Location).toBe('s3://b/t/h=2024/06/14/12/');
    const months = projectedPartitions(
      table(
        {
          'projection.m.type': 'date',
          'projection.m.format': 'yyyy-MM',
          'projection.m.range': '2023-11,2024-02',
          'projection.m.interval.unit': 'MONTHS',
        },
        ['m'],
      ),
      'awsdatacatalog.db.t',
      undefined,
      new Set(['t']),
      now,
    );
    expect(months.map((p) => p.Values?.[0])).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
  });

  it('combines keys and fills storage.location.template', () => {
    const parts = projectedPartitions(
      table(
        {
          'projection.a.type': 'enum',
          'projection.a.values': 'x,y',
          'projection.n.type': 'integer',
          'projection.n.range': '1,3',
          'projection.n.digits': '3',
          'storage.location.template': `s3://b/data/\${a}/n\${n}`,
        },
        ['a', 'n'],
      ),
      'awsdatacatalog.db.t',
      undefined,
      new Set(['t']),
    );
    expect(parts.map((p) => [p.Values, p.StorageDescriptor?.Location])).toEqual([
      [['x', '001'], 's3://b/data/x/n001'],
      [['x', '002'], 's3://b/data/x/n002'],
      [['x', '003'], 's3://b/data/x/n003'],
      [['y', '001'], 's3://b/data/y/n001'],
      [['y', '002'], 's3://b/data/y/n002'],
      [['y', '003'], 's3://b/data/y/n003'],
    ]);
  });

  it('fails a misconfigured table with INVALID_TABLE_PROPERTY', () => {
    const project = (p: Record<string, string>) =>
      projectedPartitions(table(p, ['d']), 'awsdatacatalog.db.t', undefined, new Set(['t']));
    expect(() => project({ 'projection.d.type': 'date', 'projection.d.format': 'yyyy' })).toThrow(
      "INVALID_TABLE_PROPERTY: Column projection for column 'd' failed. Missing required property: 'projection.d.range'",
    );
    expect(() => project({ 'projection.d.type': 'range' })).toThrow(/Unsupported projection type: 'range'/);
    expect(() => project({ 'projection.d.type': 'integer', 'projection.d.range': '5-9' })).toThrow(
      /Invalid integer range/,
    );
  });
});
