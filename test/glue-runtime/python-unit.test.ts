import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pythonRuntimeDir } from '../../packages/emulator/src/runtime/python-dir.js';

describe('the Python layer unit tests', () => {
  it('pass (python3 -m unittest discover)', () => {
    const dir = pythonRuntimeDir();
    const r = spawnSync(
      process.env['LAKEBOX_PYTHON'] ?? 'python3',
      ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.'],
      {
        cwd: dir,
        env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', PYTHONPATH: dir, PYTHONDONTWRITEBYTECODE: '1' },
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new Error(`python unit tests failed:\n${r.stderr}\n${r.stdout}`);
    expect(r.stderr).toMatch(/Ran \d+ tests/);
    expect(r.stderr).toMatch(/\nOK/);
  });
});
