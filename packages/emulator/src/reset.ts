import type { Lakebox } from './context.js';
import { resetDb } from './store/sqlite.js';

/** Delete all state, every account and region: the database, then whatever services keep beside it. */
export function resetLakebox(lakebox: Lakebox): void {
  resetDb(lakebox.db);
  for (const hook of lakebox.onReset) hook();
}
