import type { Database, TableMetadata } from '@aws-sdk/client-athena';
import type { Column as GlueColumn, Database as GlueDatabase, Table as GlueTable } from '@aws-sdk/client-glue';
import type { OpContext } from '../context.js';
import { getDatabase as glueGetDatabase, getDatabases as glueGetDatabases } from '../glue/catalog/databases.js';
import { getTable as glueGetTable, getTables as glueGetTables } from '../glue/catalog/tables.js';
import { isAwsError } from '../protocol/errors.js';
import { athenaErrors } from './errors.js';
import type { AthenaOperations } from './operations.js';
import { athenaPageSize } from './pagination.js';

/**
 * Data catalogs and their metadata, read through the Glue catalog's own model functions: ListDataCatalogs,
 * GetDataCatalog (one catalog, `AwsDataCatalog`, type GLUE), ListDatabases, GetDatabase, ListTableMetadata,
 * GetTableMetadata. Missing databases and tables are MetadataException, as Athena's metadata calls answer.
 *
 * TableMetadata.Parameters holds the table's parameters plus what Athena adds from the storage descriptor
 * (`location`, `inputformat`, `outputformat`, `serde.serialization.lib`, `serde.param.<name>`).
 *
 * LIMITATIONS: federated (LAMBDA), HIVE and other catalogs cannot be created; NextTokens are the Glue
 * catalog's. Message wording for a missing catalog is lakebox's own.
 */

export const AWS_DATA_CATALOG = 'AwsDataCatalog';

function requireCatalog(name: string | undefined): void {
  if ((name ?? '').toLowerCase() !== AWS_DATA_CATALOG.toLowerCase()) {
    throw athenaErrors.invalidInput(`Catalog ${name ?? ''} is not found.`);
  }
}

/** Glue's EntityNotFoundException, as Athena's metadata calls report it. */
async function fromGlue<T>(call: () => T | Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (isAwsError(e) && e.code === 'EntityNotFoundException') throw athenaErrors.metadata(e.message);
    if (isAwsError(e) && e.code === 'InvalidInputException') throw athenaErrors.invalidInput(e.message);
    throw e;
  }
}

function toAthenaDatabase(d: GlueDatabase): Database {
  return {
    Name: d.Name,
    ...(d.Description !== undefined ? { Description: d.Description } : {}),
    Parameters: { ...d.Parameters },
  };
}

function columns(list: GlueColumn[] | undefined) {
  return (list ?? []).map((c) => ({
    Name: c.Name,
    ...(c.Type !== undefined ? { Type: c.Type } : {}),
    ...(c.Comment !== undefined ? { Comment: c.Comment } : {}),
  }));
}

export function toTableMetadata(t: GlueTable): TableMetadata {
  const sd = t.StorageDescriptor;
  const parameters: Record<string, string> = { ...t.Parameters };
  if (sd?.Location !== undefined) parameters['location'] = sd.Location;
  if (sd?.InputFormat !== undefined) parameters['inputformat'] = sd.InputFormat;
  if (sd?.OutputFormat !== undefined) parameters['outputformat'] = sd.OutputFormat;
  const serde = sd?.SerdeInfo;
  if (serde?.SerializationLibrary !== undefined) parameters['serde.serialization.lib'] = serde.SerializationLibrary;
  for (const [k, v] of Object.entries(serde?.Parameters ?? {})) parameters[`serde.param.${k}`] = v;
  return {
    Name: t.Name,
    ...(t.CreateTime ? { CreateTime: t.CreateTime } : {}),
    ...(t.LastAccessTime ? { LastAccessTime: t.LastAccessTime } : {}),
    ...(t.TableType !== undefined ? { TableType: t.TableType } : {}),
    Columns: columns(sd?.Columns),
    PartitionKeys: columns(t.PartitionKeys),
    Parameters: parameters,
  };
}

export const listDataCatalogs: AthenaOperations['ListDataCatalogs'] = () => ({
  DataCatalogsSummary: [{ CatalogName: AWS_DATA_CATALOG, Type: 'GLUE' }],
});

export const getDataCatalog: AthenaOperations['GetDataCatalog'] = (ctx, input) => {
  requireCatalog(input.Name);
  return {
    DataCatalog: {
      Name: AWS_DATA_CATALOG,
      Description: 'AWS Glue Data Catalog',
      Type: 'GLUE',
      Parameters: { 'catalog-id': ctx.account },
    },
  };
};

export const listDatabases: AthenaOperations['ListDatabases'] = async (ctx: OpContext, input) => {
  requireCatalog(input.CatalogName);
  const out = await fromGlue(() =>
    glueGetDatabases(ctx, {
      MaxResults: athenaPageSize('ListDatabases', input.MaxResults),
      ...(input.NextToken !== undefined ? { NextToken: input.NextToken } : {}),
    }),
  );
  return {
    DatabaseList: (out.DatabaseList ?? []).map(toAthenaDatabase),
    ...(out.NextToken ? { NextToken: out.NextToken } : {}),
  };
};

export const getDatabase: AthenaOperations['GetDatabase'] = async (ctx, input) => {
  requireCatalog(input.CatalogName);
  const out = await fromGlue(() => glueGetDatabase(ctx, { Name: input.DatabaseName ?? '' }));
  return { Database: toAthenaDatabase(out.Database ?? { Name: input.DatabaseName ?? '' }) };
};

export const listTableMetadata: AthenaOperations['ListTableMetadata'] = async (ctx, input) => {
  requireCatalog(input.CatalogName);
  const out = await fromGlue(() =>
    glueGetTables(ctx, {
      DatabaseName: input.DatabaseName ?? '',
      MaxResults: athenaPageSize('ListTableMetadata', input.MaxResults),
      ...(input.Expression !== undefined ? { Expression: input.Expression } : {}),
      ...(input.NextToken !== undefined ? { NextToken: input.NextToken } : {}),
    }),
  );
  return {
    TableMetadataList: (out.TableList ?? []).map(toTableMetadata),
    ...(out.NextToken ? { NextToken: out.NextToken } : {}),
  };
};

export const getTableMetadata: AthenaOperations['GetTableMetadata'] = async (ctx, input) => {
  requireCatalog(input.CatalogName);
  const out = await fromGlue(() =>
    glueGetTable(ctx, { DatabaseName: input.DatabaseName ?? '', Name: input.TableName ?? '' }),
  );
  return { TableMetadata: toTableMetadata(out.Table ?? ({} as GlueTable)) };
};

export const catalogOperations = {
  ListDataCatalogs: listDataCatalogs,
  GetDataCatalog: getDataCatalog,
  ListDatabases: listDatabases,
  GetDatabase: getDatabase,
  ListTableMetadata: listTableMetadata,
  GetTableMetadata: getTableMetadata,
} satisfies Partial<AthenaOperations>;
