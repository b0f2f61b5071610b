import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every test run gets its own temporary folder (TMPDIR, inherited by the test workers and every process
 * they start), removed when the run ends: ephemeral lakeboxes, spec and state files and scratch folders
 * never pile up in the machine's /tmp, whether or not a test cleans up after itself.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'lakebox-test-run-'));
  const previous = process.env['TMPDIR'];
  process.env['TMPDIR'] = dir;
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
