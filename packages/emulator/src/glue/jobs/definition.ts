import type { CreateJobRequest, Job, JobCommand } from '@aws-sdk/client-glue';
import { errors } from '../../protocol/errors.js';

/**
 * What Glue fills in when a job is created (or replaced by UpdateJob) with only Name, Role and Command, as
 * GetJob shows it: GlueVersion 0.9 (the documented default), Timeout 2880 minutes, MaxRetries 0,
 * ExecutionProperty.MaxConcurrentRuns 1, Command.PythonVersion ("2" for Spark on 0.9/1.0, else "3"), and the
 * capacity (10 DPUs for Spark without a worker type, 0.0625 for Python shell). Nothing else is invented:
 * ExecutionClass, JobMode, NotificationProperty, DefaultArguments appear only when the caller set them
 * (Terraform's aws_glue_job treats those as not computed, so an invented value would show as a diff).
 */
export const JOB_DEFAULTS = {
  GlueVersion: '0.9',
  Timeout: 2880,
  MaxRetries: 0,
  MaxConcurrentRuns: 1,
  SparkDpus: 10,
  PythonShellDpus: 0.0625,
} as const;

/** Command names Glue knows; lakebox runs `glueetl` and `pythonshell` (see runner.ts). */
export const COMMAND_NAMES = ['glueetl', 'pythonshell', 'gluestreaming', 'glueray'] as const;

/** DPUs per worker, by WorkerType: MaxCapacity = NumberOfWorkers × this. */
const WORKER_DPUS: Readonly<Record<string, number>> = {
  Standard: 1,
  'G.025X': 0.25,
  'G.1X': 1,
  'G.2X': 2,
  'G.4X': 4,
  'G.8X': 8,
  'Z.2X': 2,
};

/** The definition fields CreateJob and JobUpdate share. */
export type JobDefinitionInput = Partial<Omit<CreateJobRequest, 'Name' | 'Tags'>>;

/** Build the stored job from a create or update request, applying Glue's defaults and checks. */
export function toJob(name: string, input: JobDefinitionInput, createdOn: Date, modifiedOn: Date): Job {
  if (!input.Role) throw errors.invalidInput('Role is required.');
  if (!input.Command) throw errors.invalidInput('Command is required.');
  const commandName = input.Command.Name ?? 'glueetl';
  if (!(COMMAND_NAMES as readonly string[]).includes(commandName)) {
    throw errors.invalidInput(`Invalid command name: ${commandName}. Valid values are ${COMMAND_NAMES.join(', ')}.`);
  }
  if (input.AllocatedCapacity !== undefined && input.MaxCapacity !== undefined) {
    throw errors.invalidInput('Please set only Allocated Capacity or Max Capacity.');
  }
  const workers = input.WorkerType !== undefined || input.NumberOfWorkers !== undefined;
  if (workers && (input.MaxCapacity !== undefined || input.AllocatedCapacity !== undefined)) {
    throw errors.invalidInput(
      'Please do not set Allocated Capacity or Max Capacity if using Worker Type and Number of Workers.',
    );
  }
  if (workers && (input.WorkerType === undefined || input.NumberOfWorkers === undefined)) {
    throw errors.invalidInput('Please set both Worker Type and Number of Workers.');
  }
  if (input.Timeout !== undefined && input.Timeout < 1) throw errors.invalidInput('Timeout must be at least 1 minute.');
  const maxConcurrent = input.ExecutionProperty?.MaxConcurrentRuns;
  if (maxConcurrent !== undefined && maxConcurrent < 1) {
    throw errors.invalidInput('MaxConcurrentRuns should be greater than or equal to 1.');
  }
  const glueVersion = input.GlueVersion ?? JOB_DEFAULTS.GlueVersion;
  const command: JobCommand = {
    ...input.Command,
    Name: commandName,
    PythonVersion: input.Command.PythonVersion ?? defaultPythonVersion(commandName, glueVersion),
  };
  return {
    ...stripUndefined(input),
    Name: name,
    CreatedOn: createdOn,
    LastModifiedOn: modifiedOn,
    Command: command,
    ExecutionProperty: { MaxConcurrentRuns: maxConcurrent ?? JOB_DEFAULTS.MaxConcurrentRuns },
    MaxRetries: input.MaxRetries ?? JOB_DEFAULTS.MaxRetries,
    Timeout: input.Timeout ?? JOB_DEFAULTS.Timeout,
    GlueVersion: glueVersion,
    ...capacity(commandName, input),
  };
}

function defaultPythonVersion(command: string, glueVersion: string): string {
  if (command === 'pythonshell') return '3';
  return glueVersion === '0.9' || glueVersion === '1.0' ? '2' : '3';
}

function capacity(command: string, input: JobDefinitionInput): Pick<Job, 'AllocatedCapacity' | 'MaxCapacity'> {
  if (input.WorkerType !== undefined && input.NumberOfWorkers !== undefined) {
    const dpus = (WORKER_DPUS[input.WorkerType] ?? 1) * input.NumberOfWorkers;
    return { AllocatedCapacity: Math.floor(dpus), MaxCapacity: dpus };
  }
  if (command === 'pythonshell') {
    const max = input.MaxCapacity ?? JOB_DEFAULTS.PythonShellDpus;
    if (max !== 0.0625 && max !== 1)
      throw errors.invalidInput('MaxCapacity for a Python shell job must be 0.0625 or 1.');
    return { AllocatedCapacity: 0, MaxCapacity: max };
  }
  const max = input.MaxCapacity ?? input.AllocatedCapacity ?? JOB_DEFAULTS.SparkDpus;
  return { AllocatedCapacity: Math.floor(max), MaxCapacity: max };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
