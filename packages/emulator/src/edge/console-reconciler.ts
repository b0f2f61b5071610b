import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { Hono } from 'hono';
import type { EdgeEnv, Lakebox } from '../context.js';

const STATE_FILE = '.lakebox-state.json';
/** How deep under the working directory the state file search looks (specs usually sit at the top). */
const SEARCH_DEPTH = 3;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', '.turbo']);

/**
 * Read-only view of reconciler state files, for the console (no AWS API says what a state file manages).
 * Only files inside lakebox's working directory or data directory are read; nothing is ever written.
 * - `GET /_lakebox/reconciler/states`: the `.lakebox-state.json` files found there.
 * - `GET /_lakebox/reconciler?path=<file>&region=<r>&account=<id>`: its resources, last apply (the file's
 *   modification time) and drift (managed resources changed or deleted outside the tool since), computed by
 *   the reconciler itself through this lakebox's Glue API.
 */
export function consoleReconciler(lakebox: Lakebox): Hono<EdgeEnv> {
  const app = new Hono<EdgeEnv>();
  const roots = () => [...new Set([process.cwd(), lakebox.rootDir].map((r) => safeRealpath(r)))];

  app.get('/states', (c) => {
    const found: string[] = [];
    for (const root of roots()) findStates(root, SEARCH_DEPTH, found);
    const cwd = process.cwd();
    return c.json({ cwd, states: [...new Set(found)].map((p) => relativeOrAbsolute(cwd, p)).sort() });
  });

  app.get('/', async (c) => {
    const given = c.req.query('path') || STATE_FILE;
    const path = resolve(process.cwd(), given);
    const real = existsSync(path) ? safeRealpath(path) : path;
    if (!roots().some((root) => real === root || real.startsWith(root + sep)))
      return c.json({ error: `${given} is outside the working directory and the data directory: not read` }, 403);
    if (!existsSync(path) || !statSync(path).isFile())
      return c.json({ error: `no state file at ${given}: run lakebox apply first, or give the path of one` }, 404);
    const account = c.req.query('account') || lakebox.defaultAccountId;
    const region = c.req.query('region') || 'us-east-1';
    const { readState, makePlan } = await import('@lakebox/reconciler');
    const [{ GlueClient }, { AthenaClient }, { S3Client }] = await Promise.all([
      import('@aws-sdk/client-glue'),
      import('@aws-sdk/client-athena'),
      import('@aws-sdk/client-s3'),
    ]);
    let state: ReturnType<typeof readState>;
    try {
      state = readState(path);
    } catch (e) {
      return c.json({ error: `cannot read ${given}: ${(e as Error).message}` }, 422);
    }
    const journal = `${path}.journal`;
    const lastApply = Math.max(statSync(path).mtimeMs, existsSync(journal) ? statSync(journal).mtimeMs : 0);
    const common = {
      endpoint: lakebox.endpoint,
      region,
      credentials: { accessKeyId: account, secretAccessKey: 'lakebox' },
      maxAttempts: 1,
    };
    const glue = new GlueClient(common);
    const athena = new AthenaClient(common);
    const s3 = new S3Client({ ...common, forcePathStyle: true });
    try {
      const ctx = { glue, athena, s3, region, accountId: async () => account };
      const plan = await makePlan(ctx, { source: '', files: [], config: {}, resources: [] }, state);
      return c.json({
        path: relativeOrAbsolute(process.cwd(), path),
        lastApply: new Date(lastApply).toISOString(),
        serial: state.serial,
        lineage: state.lineage ?? null,
        resources: Object.entries(state.resources).map(([address, r]) => ({
          address,
          kind: r.kind,
          id: r.id,
          attributes: r.attributes,
        })),
        drift: plan.drift,
        unmanaged: plan.unmanaged,
      });
    } catch (e) {
      return c.json({ error: `cannot compare ${given} with the catalog: ${(e as Error).message}` }, 500);
    } finally {
      glue.destroy();
      athena.destroy();
      s3.destroy();
    }
  });
  return app;
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function relativeOrAbsolute(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}

function findStates(dir: string, depth: number, out: string[]): void {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.isFile() && e.name === STATE_FILE) out.push(join(dir, e.name));
    else if (e.isDirectory() && depth > 0 && !SKIP_DIRS.has(e.name)) findStates(join(dir, e.name), depth - 1, out);
  }
}
