import type { StorageDescriptor } from '@aws-sdk/client-glue';

/**
 * Glue fills a StorageDescriptor's primitive members when they are omitted (Hive's defaults), and clients
 * such as the Hive metastore Glue client rely on it. Tables and partitions both go through here.
 */
export function withStorageDefaults(sd: StorageDescriptor | undefined): StorageDescriptor | undefined {
  if (!sd) return undefined;
  return {
    ...sd,
    Compressed: sd.Compressed ?? false,
    NumberOfBuckets: sd.NumberOfBuckets ?? 0,
    StoredAsSubDirectories: sd.StoredAsSubDirectories ?? false,
  };
}
