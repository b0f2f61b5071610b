/** The part of parquetjs-lite (untyped CommonJS) the interop tests use. */
declare module 'parquetjs-lite' {
  export type ParquetPrimitive = string | number | bigint | boolean | Date | Buffer;
  export type ParquetRecord = Record<string, ParquetPrimitive | null | undefined>;

  export interface FieldDefinition {
    type: string;
    optional?: boolean;
    compression?: 'UNCOMPRESSED' | 'GZIP' | 'SNAPPY';
  }

  export class ParquetSchema {
    constructor(fields: Record<string, FieldDefinition>);
  }

  export class ParquetWriter {
    static openFile(schema: ParquetSchema, path: string, opts?: Record<string, unknown>): Promise<ParquetWriter>;
    appendRow(row: ParquetRecord): Promise<void>;
    close(): Promise<void>;
  }

  export interface ParquetCursor {
    next(): Promise<ParquetRecord | null>;
  }

  export class ParquetReader {
    static openFile(path: string): Promise<ParquetReader>;
    static openBuffer(buffer: Buffer): Promise<ParquetReader>;
    getCursor(columns?: string[]): ParquetCursor;
    getRowCount(): number | bigint;
    getSchema(): { fields: Record<string, { primitiveType?: string; originalType?: string; optional?: boolean }> };
    close(): Promise<void>;
  }
}
