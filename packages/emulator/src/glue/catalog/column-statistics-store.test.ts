import type { ColumnStatistics } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { compareDecimals } from './column-statistics-rules.js';
import { decodeStatistics, encodeStatistics } from './column-statistics-store.js';

describe('column statistics documents', () => {
  it('keep timestamps and blobs as tagged JSON and give back Date and Uint8Array', () => {
    const stats: ColumnStatistics = {
      ColumnName: 'price',
      ColumnType: 'decimal(10,2)',
      AnalyzedTime: new Date('2024-05-01T12:00:00.250Z'),
      StatisticsData: {
        Type: 'DECIMAL',
        DecimalColumnStatisticsData: {
          // The request validator hands blobs over as Buffers.
          MinimumValue: { UnscaledValue: Buffer.from([0xff, 0x85]), Scale: 2 },
          MaximumValue: { UnscaledValue: new Uint8Array([0x75, 0x30]), Scale: 2 },
          NumberOfNulls: 0,
          NumberOfDistinctValues: 3,
        },
      },
    };
    const doc = encodeStatistics(stats);
    expect(JSON.parse(doc)).toMatchObject({
      AnalyzedTime: { $date: '2024-05-01T12:00:00.250Z' },
      StatisticsData: { DecimalColumnStatisticsData: { MinimumValue: { UnscaledValue: { $bytes: '/4U=' } } } },
    });
    const back = decodeStatistics(doc);
    expect(back.AnalyzedTime).toEqual(stats.AnalyzedTime);
    const min = back.StatisticsData?.DecimalColumnStatisticsData?.MinimumValue?.UnscaledValue;
    expect(min).toBeInstanceOf(Uint8Array);
    expect(Array.from(min ?? [])).toEqual([0xff, 0x85]);
  });

  it('compare decimals by value across scales and signs', () => {
    const dec = (bytes: number[], Scale: number) => ({ UnscaledValue: new Uint8Array(bytes), Scale });
    expect(compareDecimals(dec([0x85], 2), dec([0x00], 0))).toBe(-1); // -1.23 < 0
    expect(compareDecimals(dec([0x01, 0x00], 2), dec([0x02], 0))).toBe(1); // 2.56 > 2
    expect(compareDecimals(dec([0x0a], 1), dec([0x01], 0))).toBe(0); // 1.0 = 1
    expect(compareDecimals(dec([0xff, 0xff], 0), dec([], 0))).toBe(-1); // -1 < 0
  });
});
