import { errors } from '../../protocol/errors.js';

/**
 * The crawler `Configuration` JSON (version 1.0) as lakebox follows it: `Grouping.TableGroupingPolicy`
 * `CombineCompatibleSchemas`, `Grouping.TableLevelConfiguration`, and
 * `CrawlerOutput.Partitions.AddOrUpdateBehavior` `InheritFromTable`. Other settings are stored, not applied.
 */
export interface CrawlerSettings {
  /** Group folders of the same format into one table whatever their schemas. */
  combineCompatibleSchemas: boolean;
  /** Absolute folder level (the bucket is level 1) at which tables are made, if set. */
  tableLevel: number | undefined;
  /** Partitions take the table's columns rather than their own. */
  partitionsInheritFromTable: boolean;
}

export function parseCrawlerConfiguration(text: string | undefined): CrawlerSettings {
  const settings: CrawlerSettings = {
    combineCompatibleSchemas: false,
    tableLevel: undefined,
    partitionsInheritFromTable: false,
  };
  if (text === undefined || text === '') return settings;
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    throw errors.invalidInput('Crawler configuration is not valid JSON.');
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw errors.invalidInput('Crawler configuration must be a JSON object.');
  }
  const c = config as {
    Grouping?: { TableGroupingPolicy?: unknown; TableLevelConfiguration?: unknown };
    CrawlerOutput?: { Partitions?: { AddOrUpdateBehavior?: unknown } };
  };
  settings.combineCompatibleSchemas = c.Grouping?.TableGroupingPolicy === 'CombineCompatibleSchemas';
  const level = c.Grouping?.TableLevelConfiguration;
  if (level !== undefined) {
    if (typeof level !== 'number' || !Number.isInteger(level) || level < 1) {
      throw errors.invalidInput('TableLevelConfiguration must be a positive integer.');
    }
    settings.tableLevel = level;
  }
  settings.partitionsInheritFromTable = c.CrawlerOutput?.Partitions?.AddOrUpdateBehavior === 'InheritFromTable';
  return settings;
}
