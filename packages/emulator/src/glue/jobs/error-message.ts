/**
 * The ErrorMessage of a failed run, as Glue shows it: the exception line(s) that end the script's last Python
 * traceback (`ZeroDivisionError: division by zero`), or, without a traceback, the exit status
 * (`Command failed with exit code 3`).
 *
 * @example
 * errorMessageOf(['Traceback (most recent call last):', '  File "x.py", line 1, in <module>', 'KeyError: 1'], 1)
 * // 'KeyError: 1'
 */
export function errorMessageOf(stderrTail: readonly string[], exitCode: number | null, signal?: string | null): string {
  const fallback =
    exitCode === null
      ? `Command terminated by signal ${signal ?? 'unknown'}`
      : `Command failed with exit code ${exitCode}`;
  const start = lastIndexWhere(stderrTail, (l) => l.startsWith('Traceback (most recent call last):'));
  if (start < 0) return fallback;
  // Frames are indented; the exception starts at the first line after the header that is not.
  let i = start + 1;
  while (i < stderrTail.length && /^\s/.test(stderrTail[i] ?? '')) i++;
  const exception = stderrTail
    .slice(i)
    .filter((l) => l.trim() !== '')
    .join('\n')
    .trim();
  return exception === '' ? fallback : exception.slice(0, 2048);
}

function lastIndexWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T)) return i;
  return -1;
}
