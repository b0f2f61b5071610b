import type { OpContext } from '../context.js';

/** A service operation as a model function: typed with the AWS SDK v3 command input/output types. */
export type Handler<I, O> = (ctx: OpContext, input: I) => ModelOutput<O> | Promise<ModelOutput<O>>;

/** SDK outputs carry `$metadata`, which is the client's business, not the model's. */
export type ModelOutput<O> = Omit<O, '$metadata'>;

/** The erased form the dispatcher calls after the input has been validated against the service model. */
export type AnyHandler = (ctx: OpContext, input: never) => unknown;
