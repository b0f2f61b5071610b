import { createHash } from 'node:crypto';
import type { Column, S3Target } from '@aws-sdk/client-glue';
import type { Lakebox } from '../../context.js';
import { bucketExists, listObjects, parseS3Uri } from '../../s3/object-store.js';
import { classifyFile, type FileFacts } from './classify.js';
import type { CrawlerSettings } from './configuration.js';
import { excluder } from './exclusions.js';
import { mergeTypes } from './text-schema.js';

/**
 * From S3 targets to the tables a crawl should leave in the catalog: list the objects, drop the excluded and
 * hidden ones, classify files, and group folders into tables the way Glue's crawler does.
 *
 * Grouping: the target folder is one table when every file under it has the same format, all files sit at
 * the same depth, and the schemas of its leaf folders are similar (at least 70% of the columns shared; any
 * schemas in Hive-style `key=value/` folders or with `TableGroupingPolicy: CombineCompatibleSchemas`); the folders between the table and its files
 * become partition keys (`key=value` folders give `key`, others `partition_0`, `partition_1`, ...).
 * Otherwise each subfolder is tried the same way, and files directly in the folder make a table of their own.
 */

/** A crawl that cannot go on; its message becomes LastCrawl.ErrorMessage. */
export class CrawlError extends Error {}

export interface CrawlFile {
  key: string;
  path: string;
  size: number;
  /** Undefined for files beyond a target's SampleSize: they count, their schema is not read. */
  facts: FileFacts | undefined;
}

interface Folder {
  /** Path segments from the bucket root. */
  segments: string[];
  files: CrawlFile[];
  children: Map<string, Folder>;
}

export interface PlannedPartition {
  values: string[];
  location: string;
  files: CrawlFile[];
  facts: FileFacts;
}

export interface PlannedTable {
  name: string;
  location: string;
  partitionKeys: string[];
  columns: Column[];
  /** Facts of the first file: format, SerDe settings. */
  facts: FileFacts;
  files: CrawlFile[];
  partitions: PlannedPartition[];
}

/** Similarity under which two leaf folders' schemas make separate tables (Glue's 70%). */
const SIMILARITY = 0.7;

/** Files Hadoop, Spark and S3 consoles leave beside data: never crawled. */
function hidden(rel: string): boolean {
  return rel.split('/').some((s) => s.startsWith('_') || s.startsWith('.') || s.endsWith('_$folder$'));
}

export interface TargetScan {
  bucket: string;
  /** Key prefix of the target folder, '' or ending in '/'. */
  prefix: string;
  root: Folder;
}

/** List a target's objects into a folder tree, classifying files (SampleSize files per folder). */
export async function scanTarget(lakebox: Lakebox, target: S3Target, cancelled: () => boolean): Promise<TargetScan> {
  const uri = parseS3Uri(target.Path ?? '');
  if (!uri || !/^s3:\/\//i.test(target.Path ?? '')) {
    throw new CrawlError(`Invalid S3 target path ${target.Path ?? ''}: it must be s3://bucket/prefix.`);
  }
  if (!bucketExists(lakebox, uri.bucket)) {
    throw new CrawlError(`S3 target ${target.Path}: the bucket ${uri.bucket} does not exist.`);
  }
  const prefix = uri.key === '' || uri.key.endsWith('/') ? uri.key : `${uri.key}/`;
  const excluded = excluder(target.Exclusions ?? []);
  const sample = target.SampleSize ?? Number.POSITIVE_INFINITY;
  const base = prefix === '' ? [uri.bucket] : [uri.bucket, ...prefix.slice(0, -1).split('/')];
  const root: Folder = { segments: base, files: [], children: new Map() };
  for (const o of listObjects(lakebox, uri.bucket, prefix)) {
    const rel = o.key.slice(prefix.length);
    if (rel === '' || rel.endsWith('/') || o.size === 0 || hidden(rel) || excluded(rel)) continue;
    const parts = rel.split('/');
    parts.pop();
    let folder = root;
    for (const p of parts) {
      let child = folder.children.get(p);
      if (!child) {
        child = { segments: [...folder.segments, p], files: [], children: new Map() };
        folder.children.set(p, child);
      }
      folder = child;
    }
    folder.files.push({ key: o.key, path: o.path, size: o.size, facts: undefined });
  }
  await classifyTree(root, sample, cancelled);
  return { bucket: uri.bucket, prefix, root };
}

/** Files classified at once: footers and samples are read in parallel (I/O bound). */
const CLASSIFY_CONCURRENCY = 8;

/** Classify up to `sample` files of every folder; files beyond the sample take their folder's first facts. */
async function classifyTree(root: Folder, sample: number, cancelled: () => boolean): Promise<void> {
  const folders: Folder[] = [];
  const collect = (f: Folder) => {
    folders.push(f);
    for (const c of f.children.values()) collect(c);
  };
  collect(root);
  const queue = folders.flatMap((f) => f.files.slice(0, sample));
  let next = 0;
  const worker = async () => {
    while (next < queue.length && !cancelled()) {
      const file = queue[next++] as CrawlFile;
      // A file deleted since the listing, or one a reader chokes on, is no table's data.
      file.facts = await classifyFile(file.path, file.size).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: CLASSIFY_CONCURRENCY }, worker));
  for (const folder of folders) {
    const read = folder.files.slice(0, sample).filter((f) => f.facts); // unrecognised files are no table's
    const model = read[0];
    const rest = Number.isFinite(sample) ? folder.files.slice(sample) : [];
    for (const f of rest) f.facts = model?.facts ? scaledFacts(model.facts, f.size, model.size) : undefined;
    folder.files = model ? [...read, ...rest] : [];
  }
  prune(root);
}

/** Drop folders left with no files at all below them. */
function prune(folder: Folder): void {
  for (const [name, child] of folder.children) {
    prune(child);
    if (child.files.length === 0 && child.children.size === 0) folder.children.delete(name);
  }
}

function scaledFacts(model: FileFacts, size: number, modelSize: number): FileFacts {
  return { ...model, records: Math.round((model.records * size) / Math.max(1, modelSize)) };
}

/** Everything that must match for files to be one table's data. */
function formatKey(f: FileFacts): string {
  return f.csv ? `csv:${f.csv.delimiter}:${f.csv.header}` : f.classification;
}

interface Placed {
  file: CrawlFile;
  /** Folder names between the table folder and the file. */
  between: string[];
}

function filesUnder(folder: Folder, between: string[] = [], out: Placed[] = []): Placed[] {
  for (const file of folder.files) out.push({ file, between });
  for (const [name, child] of folder.children) filesUnder(child, [...between, name], out);
  return out;
}

export function mergeColumns(lists: Iterable<readonly Column[]>): Column[] {
  const merged = new Map<string, string | undefined>();
  for (const list of lists) {
    for (const c of list) {
      const name = c.Name ?? '';
      // An empty type is a column with no values in that file: it takes its type from the others.
      merged.set(name, mergeTypes(merged.get(name), c.Type || undefined));
    }
  }
  return [...merged].map(([Name, Type]) => ({ Name, Type: Type ?? 'string' }));
}

function similar(a: readonly Column[], b: readonly Column[]): boolean {
  const names = new Set(a.map((c) => c.Name));
  const shared = b.filter((c) => names.has(c.Name)).length;
  return shared / Math.max(a.length, b.length, 1) >= SIMILARITY;
}

function isTable(placed: readonly Placed[], settings: CrawlerSettings): boolean {
  const first = placed[0];
  if (!first?.file.facts) return false;
  const key = formatKey(first.file.facts);
  const depth = first.between.length;
  if (placed.some((p) => p.between.length !== depth || formatKey(p.file.facts as FileFacts) !== key)) return false;
  if (settings.combineCompatibleSchemas) return true;
  // Hive-style partition folders (`key=value/` all the way down) are one table's partitions.
  if (depth > 0 && placed.every((p) => p.between.every((s) => /^[^=]+=/.test(s)))) return true;
  const leaves = new Map<string, Column[][]>();
  for (const p of placed) {
    const k = p.between.join('/');
    leaves.set(k, [...(leaves.get(k) ?? []), (p.file.facts as FileFacts).columns]);
  }
  const schemas = [...leaves.values()].map((lists) => mergeColumns(lists));
  return schemas.every((s) => similar(schemas[0] ?? [], s));
}

/** Whether a folder below this one holds a table this crawler made: then this folder is not one table. */
function knownBelow(folder: Folder, known: ReadonlySet<string>): boolean {
  for (const child of folder.children.values()) {
    if (known.has(folderPath(child)) || knownBelow(child, known)) return true;
  }
  return false;
}

const folderPath = (f: Folder) => f.segments.map((s) => `${s}/`).join('');

/** The folders of a scanned target that are tables, with their files placed. */
function tableFolders(
  folder: Folder,
  settings: CrawlerSettings,
  known: ReadonlySet<string>,
): { folder: Folder; placed: Placed[] }[] {
  const level = folder.segments.length;
  const below = () => [...folder.children.values()].flatMap((c) => tableFolders(c, settings, known));
  if (settings.tableLevel !== undefined && level < settings.tableLevel) return below();
  const placed = filesUnder(folder);
  if (placed.length === 0) return [];
  if (settings.tableLevel !== undefined) return [{ folder, placed }];
  const keep = known.has(folderPath(folder)) || !knownBelow(folder, known);
  if (keep && isTable(placed, settings)) return [{ folder, placed }];
  const own = folder.files.length > 0 ? [{ folder, placed: filesUnder({ ...folder, children: new Map() }) }] : [];
  return [...own, ...below()];
}

/** Catalog table names: lower case, anything but letters, digits and `_` made `_`. */
export function tableName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

function partitionKeysOf(placed: readonly Placed[], depth: number): string[] {
  const keys: string[] = [];
  for (let i = 0; i < depth; i++) {
    const names = new Set(placed.map((p) => /^([^=]+)=/.exec(p.between[i] ?? '')?.[1]?.toLowerCase()));
    const only = names.size === 1 ? [...names][0] : undefined;
    keys.push(only ? tableName(only) : `partition_${i}`);
  }
  return keys;
}

function folderUri(bucket: string, segments: readonly string[]): string {
  return `s3://${bucket}/${segments.map((s) => `${s}/`).join('')}`;
}

/**
 * Plan the tables of every scanned target; names get the prefix, and a hash suffix when two collide.
 * `knownLocations` (`s3://bucket/path/`) are tables earlier crawls made: they stay tables, so data that
 * disappears from a sibling folder does not merge the survivors into their parent.
 */
export function planTables(
  scans: readonly TargetScan[],
  settings: CrawlerSettings,
  prefix: string,
  knownLocations: Iterable<string> = [],
): PlannedTable[] {
  const known = new Set([...knownLocations].map((l) => l.replace(/^s3:\/\//i, '').replace(/\/?$/, '/')));
  const tables: PlannedTable[] = [];
  for (const scan of scans) {
    for (const { folder, placed } of tableFolders(scan.root, settings, known)) {
      const depth = placed[0]?.between.length ?? 0;
      const uniform = placed.every((p) => p.between.length === depth);
      const keys = uniform ? partitionKeysOf(placed, depth) : [];
      const byValues = new Map<string, PlannedPartition>();
      for (const p of uniform && depth > 0 ? placed : []) {
        const values = p.between.map((s) => (s.includes('=') ? s.slice(s.indexOf('=') + 1) : s));
        const id = JSON.stringify(values);
        let part = byValues.get(id);
        if (!part) {
          const location = folderUri(scan.bucket, [...folder.segments.slice(1), ...p.between]);
          part = { values, location, files: [], facts: p.file.facts as FileFacts };
          byValues.set(id, part);
        }
        part.files.push(p.file);
      }
      const files = placed.map((p) => p.file);
      const dataColumns = mergeColumns(files.map((f) => (f.facts as FileFacts).columns));
      const keySet = new Set(keys);
      tables.push({
        name: tableName(`${prefix}${folder.segments[folder.segments.length - 1] ?? scan.bucket}`),
        location: folderUri(scan.bucket, folder.segments.slice(1)),
        partitionKeys: keys,
        columns: dataColumns.filter((c) => !keySet.has(c.Name ?? '')),
        facts: files[0]?.facts as FileFacts,
        files,
        partitions: [...byValues.values()].sort((a, b) => compareValues(a.values, b.values)),
      });
    }
  }
  const seen = new Map<string, number>();
  for (const t of tables) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
  for (const t of tables) {
    if ((seen.get(t.name) ?? 0) > 1) {
      t.name = `${t.name}_${createHash('md5').update(t.location).digest('hex').slice(0, 8)}`;
    }
  }
  return tables;
}

function compareValues(a: readonly string[], b: readonly string[]): number {
  const x = a.join('\u0000');
  const y = b.join('\u0000');
  return x < y ? -1 : x > y ? 1 : 0;
}
