import { describe, expect, it } from 'vitest';
import { errorMessageOf } from './error-message.js';

describe('errorMessageOf', () => {
  it('takes the exception line that ends the last traceback', () => {
    const stderr = [
      'some warning',
      'Traceback (most recent call last):',
      '  File "/tmp/job.py", line 3, in <module>',
      '    main()',
      'KeyError: 1',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/tmp/job.py", line 5, in <module>',
      '    raise ValueError("bad input")',
      'ValueError: bad input',
    ];
    expect(errorMessageOf(stderr, 1)).toBe('ValueError: bad input');
  });

  it('keeps a multi-line exception message', () => {
    const stderr = [
      'Traceback (most recent call last):',
      '  File "x.py", line 1, in <module>',
      'Exception: line one',
      'line two',
    ];
    expect(errorMessageOf(stderr, 1)).toBe('Exception: line one\nline two');
  });

  it('falls back to the exit status without a traceback', () => {
    expect(errorMessageOf(['oops'], 2)).toBe('Command failed with exit code 2');
    expect(errorMessageOf([], null, 'SIGKILL')).toBe('Command terminated by signal SIGKILL');
  });
});
