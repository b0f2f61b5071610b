import type { OpContext } from '../context.js';
import { AwsError } from '../protocol/errors.js';
import type { XmlObject } from '../protocol/restxml.js';

/**
 * STS, enough for "who am I": GetCallerIdentity answers the account's root identity. The account is the
 * 12-digit access key id, else lakebox's default account (configurable at start).
 */
export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
export const STS_VERSION = '2011-06-15';

export type StsOperation = (ctx: OpContext, params: URLSearchParams) => XmlObject;

export function getCallerIdentity(ctx: OpContext): XmlObject {
  return { Arn: `arn:aws:iam::${ctx.account}:root`, UserId: ctx.account, Account: ctx.account };
}

export const stsOperations: Readonly<Record<string, StsOperation>> = {
  GetCallerIdentity: getCallerIdentity,
};

/** Unknown actions: the query protocol's InvalidAction (400). */
export function invalidAction(action: string): AwsError {
  return new AwsError('InvalidAction', `Could not find operation ${action} for version ${STS_VERSION}`, 400);
}
