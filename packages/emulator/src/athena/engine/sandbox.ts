/**
 * The DuckDB instance of a lakebox, sandboxed before any user SQL runs: it can read and write files
 * only under the lakebox root (`allowed_directories`, `enable_external_access = false`), cannot install
 * or load extensions, and its configuration is locked, so `SET`, `PRAGMA`, `ATTACH`, `INSTALL`/`LOAD`,
 * `COPY ... TO '/elsewhere'`, `read_text('/etc/passwd')` and http(s) URLs all fail. (User SQL is also
 * restricted to SELECT-like statements and to catalog tables by `rewrite.ts`, so it cannot name files
 * under the root either.)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { MACROS } from './functions.js';
import { quoteString } from './hive-types.js';
import { RENDER_MACROS } from './results.js';

export async function createSandboxedInstance(rootDir: string): Promise<DuckDBInstance> {
  const tempDir = join(rootDir, 'engine', 'tmp');
  mkdirSync(tempDir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    // Trino's `/` on integers truncates. (A client setting: given here it is every connection's default.)
    integer_division: 'true',
  });
  const setup = await instance.connect();
  try {
    for (const macro of [...MACROS, ...RENDER_MACROS]) await setup.run(macro);
    const root = rootDir.endsWith('/') ? rootDir : `${rootDir}/`;
    for (const statement of [
      `SET GLOBAL TimeZone = 'UTC'`,
      `SET GLOBAL temp_directory = ${quoteString(tempDir)}`,
      // A query binds its file list several times (view, prepare, COPY); footers are read once. Entries are
      // validated against the file (objects are replaced by rename, so a new object is a new file).
      'SET GLOBAL parquet_metadata_cache = true',
      `SET GLOBAL allowed_directories = [${quoteString(root)}]`,
      `SET GLOBAL allowed_paths = []`,
      'SET GLOBAL enable_external_access = false',
      'SET GLOBAL allow_unsigned_extensions = false',
      'SET GLOBAL lock_configuration = true',
    ]) {
      await setup.run(statement);
    }
  } finally {
    setup.closeSync();
  }
  return instance;
}
