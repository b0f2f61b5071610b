import { pythonRuntimeDir } from '../../runtime/python-dir.js';

/**
 * The folder with lakebox's `pyspark`/`awsglue` layer (contract 5), put first on a job's PYTHONPATH; empty
 * when a build ships without it (pythonshell jobs do not need it; glueetl imports then fail with
 * ModuleNotFoundError, which the run reports).
 */
export function pythonPath(): string {
  try {
    return pythonRuntimeDir();
  } catch {
    return '';
  }
}
