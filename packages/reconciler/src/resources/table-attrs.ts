import type { Column, StorageDescriptor, Table, TableInput } from '@aws-sdk/client-glue';
import type { Attrs, AttrValue } from '../diff/model.js';
import { foldName, foldType } from '../diff/values.js';
import type { ColumnSpec, StorageDescriptorSpec, TableSpec } from '../spec/types.js';
import { flattenMap, stringMapOf } from './kind.js';
import { expandFormat } from './table-format.js';

/**
 * Tables as attributes. Paths: `description`, `owner`, `tableType`, `parameters.<k>`, `storage.location`,
 * `storage.inputFormat`, `storage.outputFormat`, `storage.compressed`, `storage.numberOfBuckets`,
 * `storage.bucketColumns`, `storage.sortColumns`, `storage.storedAsSubDirectories`, `storage.parameters.<k>`,
 * `storage.serde.name`, `storage.serde.serializationLibrary`, `storage.serde.parameters.<k>`,
 * `columns.<name>.type`, `columns.<name>.comment`, `columns.$order`, `partitionKeys`,
 * `partitionIndexes.<name>`, `tags.<k>`. Names and types are folded as Glue compares them.
 */

/** The attribute holding the column order (names, folded). */
export const COLUMN_ORDER = 'columns.$order';

function flattenStorage(sd: StorageDescriptorSpec): Attrs {
  const out: Attrs = {};
  const put = (k: string, v: AttrValue | undefined) => {
    if (v !== undefined) out[`storage.${k}`] = v;
  };
  put('location', sd.location);
  put('inputFormat', sd.inputFormat);
  put('outputFormat', sd.outputFormat);
  put('compressed', sd.compressed);
  put('numberOfBuckets', sd.numberOfBuckets === undefined ? undefined : Math.max(0, sd.numberOfBuckets));
  put('bucketColumns', sd.bucketColumns?.map(foldName));
  put(
    'sortColumns',
    sd.sortColumns?.map((s) => ({ column: foldName(s.column), order: s.order })),
  );
  put('storedAsSubDirectories', sd.storedAsSubDirectories);
  put('serde.name', sd.serde?.name);
  put('serde.serializationLibrary', sd.serde?.serializationLibrary);
  return {
    ...out,
    ...flattenMap('storage.parameters.', sd.parameters),
    ...flattenMap('storage.serde.parameters.', sd.serde?.parameters),
  };
}

function flattenColumns(columns: readonly ColumnSpec[]): Attrs {
  const out: Attrs = { [COLUMN_ORDER]: columns.map((c) => foldName(c.name)) };
  for (const c of columns) {
    out[`columns.${foldName(c.name)}.type`] = foldType(c.type);
    if (c.comment !== undefined) out[`columns.${foldName(c.name)}.comment`] = c.comment;
  }
  return out;
}

const partitionKeysValue = (keys: readonly ColumnSpec[]): AttrValue =>
  keys.map((k) => ({
    name: foldName(k.name),
    type: foldType(k.type),
    ...(k.comment !== undefined ? { comment: k.comment } : {}),
  }));

/** The spec's storage: the format shorthand, then `location`, then the raw `storageDescriptor` on top. */
function specStorage(spec: TableSpec): StorageDescriptorSpec {
  const base = expandFormat(spec)?.storage ?? {};
  const raw = spec.storageDescriptor ?? {};
  const serde =
    base.serde || raw.serde
      ? {
          ...base.serde,
          ...raw.serde,
          parameters: { ...base.serde?.parameters, ...raw.serde?.parameters },
        }
      : undefined;
  return {
    ...base,
    ...(spec.location !== undefined ? { location: spec.location } : {}),
    ...raw,
    ...(serde ? { serde } : {}),
  };
}

/** A table spec as attributes, shorthands expanded. */
export function flattenTableSpec(spec: TableSpec): Attrs {
  const format = expandFormat(spec);
  const tableType = spec.tableType ?? (format ? 'EXTERNAL_TABLE' : undefined);
  return {
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(spec.owner !== undefined ? { owner: spec.owner } : {}),
    ...(tableType !== undefined ? { tableType } : {}),
    ...flattenMap('parameters.', { ...format?.parameters, ...spec.parameters }),
    ...flattenStorage(specStorage(spec)),
    ...(spec.columns ? flattenColumns(spec.columns) : {}),
    ...(spec.partitionKeys ? { partitionKeys: partitionKeysValue(spec.partitionKeys) } : {}),
    ...Object.fromEntries(
      (spec.partitionIndexes ?? []).map((i) => [`partitionIndexes.${i.name}`, i.keys.map(foldName)]),
    ),
    ...flattenMap('tags.', spec.tags),
  };
}

function storageOf(sd: StorageDescriptor | undefined): StorageDescriptorSpec {
  if (!sd) return {};
  return {
    location: sd.Location,
    inputFormat: sd.InputFormat,
    outputFormat: sd.OutputFormat,
    // Glue's defaults: an omitted flag is false, an omitted or negative bucket count is 0.
    compressed: sd.Compressed ?? false,
    numberOfBuckets: sd.NumberOfBuckets ?? 0,
    bucketColumns: sd.BucketColumns,
    sortColumns: sd.SortColumns?.map((s) => ({ column: s.Column ?? '', order: s.SortOrder ?? 0 })),
    storedAsSubDirectories: sd.StoredAsSubDirectories ?? false,
    parameters: sd.Parameters,
    serde: sd.SerdeInfo
      ? {
          name: sd.SerdeInfo.Name,
          serializationLibrary: sd.SerdeInfo.SerializationLibrary,
          parameters: sd.SerdeInfo.Parameters,
        }
      : undefined,
  };
}

const columnSpecs = (columns: readonly Column[] | undefined): ColumnSpec[] =>
  (columns ?? []).map((c) => ({
    name: c.Name ?? '',
    type: c.Type ?? '',
    ...(c.Comment !== undefined ? { comment: c.Comment } : {}),
  }));

/**
 * A live table as attributes. Server-added fields (CreateTime, UpdateTime, CreatedBy, VersionId, CatalogId,
 * IsRegisteredWithLakeFormation, Retention) are not attributes, so they never show as changes.
 * Partition indexes and tags are read with their own calls and added by the caller.
 */
export function flattenTable(t: Table): Attrs {
  return {
    ...(t.Description ? { description: t.Description } : {}),
    ...(t.Owner ? { owner: t.Owner } : {}),
    ...(t.TableType ? { tableType: t.TableType } : {}),
    ...flattenMap('parameters.', t.Parameters),
    ...flattenStorage(storageOf(t.StorageDescriptor)),
    ...flattenColumns(columnSpecs(t.StorageDescriptor?.Columns)),
    ...(t.PartitionKeys?.length ? { partitionKeys: partitionKeysValue(columnSpecs(t.PartitionKeys)) } : {}),
  };
}

/** `written` when it is the same type as the folded `type`: types are sent as a person wrote them. */
const sameType = (written: string | undefined, type: string | undefined): string | undefined =>
  written !== undefined && type !== undefined && foldType(written) === type ? written : undefined;

const str = (v: AttrValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The TableInput for `target` attributes: what the attributes describe comes from them; everything else
 * (view text, skewed info, schema reference, column parameters, Iceberg parameters nobody declared) is kept
 * from the live table, so an update never wipes what others wrote. Names and types are sent as the spec
 * wrote them where it wrote them.
 */
export function toTableInput(
  name: string,
  target: Attrs,
  live: Table | undefined,
  spec: TableSpec | undefined,
): TableInput {
  const specColumns = new Map((spec?.columns ?? []).map((c) => [foldName(c.name), c]));
  const specKeys = new Map((spec?.partitionKeys ?? []).map((c) => [foldName(c.name), c]));
  const liveKeys = new Map((live?.PartitionKeys ?? []).map((c) => [foldName(c.Name ?? ''), c]));
  const liveColumns = new Map((live?.StorageDescriptor?.Columns ?? []).map((c) => [foldName(c.Name ?? ''), c]));
  const order = target[COLUMN_ORDER];
  const columns: Column[] = (Array.isArray(order) ? order : [])
    .filter((n) => typeof n === 'string')
    .map((n) => {
      const key = n as string;
      const written = specColumns.get(key);
      const current = liveColumns.get(key);
      const type = str(target[`columns.${key}.type`]);
      const comment = str(target[`columns.${key}.comment`]);
      return {
        Name: written?.name ?? current?.Name ?? key,
        Type: sameType(written?.type, type) ?? sameType(current?.Type, type) ?? type ?? current?.Type,
        ...(comment !== undefined ? { Comment: comment } : {}),
        ...(current?.Parameters ? { Parameters: current.Parameters } : {}),
      };
    });
  const keysValue = target['partitionKeys'];
  const partitionKeys: Column[] | undefined = Array.isArray(keysValue)
    ? keysValue.map((k) => {
        const o = k as { name: string; type: string; comment?: string };
        const written = specKeys.get(o.name);
        const current = liveKeys.get(o.name);
        return {
          Name: written?.name ?? current?.Name ?? o.name,
          Type: sameType(written?.type, o.type) ?? sameType(current?.Type, o.type) ?? o.type,
          ...(o.comment !== undefined ? { Comment: o.comment } : {}),
        };
      })
    : undefined;
  const sd = live?.StorageDescriptor;
  const bool = (k: string) => (typeof target[k] === 'boolean' ? (target[k] as boolean) : undefined);
  const num = (k: string) => (typeof target[k] === 'number' ? (target[k] as number) : undefined);
  const list = <T>(k: string) => (Array.isArray(target[k]) ? (target[k] as T[]) : undefined);
  const serdeLibrary = str(target['storage.serde.serializationLibrary']);
  const serdeName = str(target['storage.serde.name']);
  const serdeParameters = stringMapOf(target, 'storage.serde.parameters.');
  return {
    Name: live?.Name ?? spec?.name ?? name,
    Description: str(target['description']),
    Owner: str(target['owner']),
    TableType: str(target['tableType']),
    Parameters: stringMapOf(target, 'parameters.') ?? {},
    PartitionKeys: partitionKeys ?? [],
    ...(live?.Retention !== undefined ? { Retention: live.Retention } : {}),
    ...(live?.ViewOriginalText !== undefined ? { ViewOriginalText: live.ViewOriginalText } : {}),
    ...(live?.ViewExpandedText !== undefined ? { ViewExpandedText: live.ViewExpandedText } : {}),
    ...(live?.TargetTable ? { TargetTable: live.TargetTable } : {}),
    StorageDescriptor: {
      ...(sd?.AdditionalLocations ? { AdditionalLocations: sd.AdditionalLocations } : {}),
      ...(sd?.SkewedInfo ? { SkewedInfo: sd.SkewedInfo } : {}),
      ...(sd?.SchemaReference ? { SchemaReference: sd.SchemaReference } : {}),
      Columns: columns,
      Location: str(target['storage.location']),
      InputFormat: str(target['storage.inputFormat']),
      OutputFormat: str(target['storage.outputFormat']),
      Compressed: bool('storage.compressed'),
      NumberOfBuckets: num('storage.numberOfBuckets'),
      BucketColumns: list<string>('storage.bucketColumns'),
      SortColumns: list<{ column: string; order: number }>('storage.sortColumns')?.map((s) => ({
        Column: s.column,
        SortOrder: s.order,
      })),
      StoredAsSubDirectories: bool('storage.storedAsSubDirectories'),
      Parameters: stringMapOf(target, 'storage.parameters.'),
      ...(serdeLibrary || serdeName || serdeParameters
        ? { SerdeInfo: { Name: serdeName, SerializationLibrary: serdeLibrary, Parameters: serdeParameters ?? {} } }
        : {}),
    },
  };
}
