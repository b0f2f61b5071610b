import { DEFAULT_REGION } from '@lakebox/shared';
import type { MiddlewareHandler } from 'hono';
import type { EdgeEnv } from '../context.js';
import { accountFromAccessKey, parseCredentialScope } from '../protocol/sigv4.js';

/** `X-Amz-Target` prefixes of the JSON 1.1 services, mapped to the SigV4 service name. */
export const TARGET_PREFIXES: Readonly<Record<string, string>> = {
  AWSGlue: 'glue',
  AmazonAthena: 'athena',
  Logs_20140328: 'logs',
};

/**
 * Reads who is calling and what: account (from a 12-digit access key id), region and service (from the
 * SigV4 credential scope) and the operation (from `X-Amz-Target`). No signature check.
 */
export function awsContext(defaultAccountId: string): MiddlewareHandler<EdgeEnv> {
  return async (c, next) => {
    const scope = parseCredentialScope(c.req.header('authorization'), c.req.query('X-Amz-Credential'));
    c.set('account', accountFromAccessKey(scope?.accessKeyId, defaultAccountId));
    c.set('region', scope?.region || DEFAULT_REGION);
    const target = c.req.header('x-amz-target');
    if (target) {
      const dot = target.indexOf('.');
      const prefix = dot < 0 ? target : target.slice(0, dot);
      // The target names the service; a prefix we do not know is an unknown operation, whatever the scope says.
      c.set('service', TARGET_PREFIXES[prefix]);
      c.set('operation', dot < 0 ? undefined : target.slice(dot + 1));
    } else {
      c.set('service', scope?.service);
      c.set('operation', undefined);
    }
    await next();
  };
}
