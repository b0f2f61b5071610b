import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { athenaService } from './athena/service.js';
import type { EdgeEnv, Lakebox } from './context.js';
import { awsContext } from './edge/aws-context.js';
import { internalRoutes } from './edge/internal-routes.js';
import { dispatchJson11, type Json11Service, json11ErrorResponse } from './edge/json11-dispatch.js';
import { dispatchSts } from './edge/query-dispatch.js';
import { requestId } from './edge/request-id.js';
import { dispatchS3 } from './edge/s3-dispatch.js';
import { startGlueBackground } from './glue/background.js';
import { glueService } from './glue/service.js';
import { logsService } from './logs/service.js';
import { AwsError, errors } from './protocol/errors.js';
import { resetLakebox } from './reset.js';
import { initObjectStore } from './s3/object-store.js';

/** Largest JSON 1.1 request body accepted; bigger ones get a 413 before they are read whole. */
export const MAX_JSON_BODY_BYTES = 16 * 1024 * 1024;

const json11Services: Readonly<Record<string, Json11Service>> = {
  glue: glueService,
  athena: athenaService,
  logs: logsService,
};

/**
 * The edge: one Hono app, one port, every service. The chain only assembles small middleware:
 * request id → who/what (SigV4 scope, X-Amz-Target) → internal routes or protocol dispatch.
 */
export function createApp(lakebox: Lakebox): Hono<EdgeEnv> {
  const app = new Hono<EdgeEnv>();
  initObjectStore(lakebox);
  startGlueBackground(lakebox);
  app.use(requestId);
  app.use(awsContext(lakebox.defaultAccountId));
  app.route('/_lakebox', internalRoutes(lakebox));
  // moto's server-mode reset, so suites written for moto switch to lakebox unchanged.
  app.post('/moto-api/reset', (c) => {
    resetLakebox(lakebox);
    return c.json({ status: 'ok' });
  });

  app.post(
    '/',
    bodyLimit({
      maxSize: MAX_JSON_BODY_BYTES,
      onError: (c) =>
        json11ErrorResponse(
          c,
          new AwsError('RequestEntityTooLargeException', `Request body exceeds ${MAX_JSON_BODY_BYTES} bytes.`, 413),
        ),
    }),
    async (c, next) => {
      const target = c.req.header('x-amz-target');
      if (!target) return next();
      const service = json11Services[c.get('service') ?? ''];
      if (!service) return json11ErrorResponse(c, errors.unknownOperation(target));
      return dispatchJson11(c, lakebox, service);
    },
  );

  // Everything else without X-Amz-Target: STS (query protocol) when the SigV4 scope says so, S3 (REST-XML)
  // when the scope says s3 or the request is unsigned and not JSON (presigned URLs carry their scope).
  // Unmatched /_lakebox and /moto-api paths keep their JSON answer below.
  app.all('*', (c, next) => {
    if (c.req.header('x-amz-target') !== undefined || /^\/(_lakebox|moto-api)(\/|$)/.test(c.req.path)) return next();
    const service = c.get('service');
    if (service === 'sts') return dispatchSts(c, lakebox);
    const json = /application\/x-amz-json-1\.[01]/.test(c.req.header('content-type') ?? '');
    if (service === 's3' || (service === undefined && !json)) return dispatchS3(c, lakebox);
    return next();
  });

  app.all('*', (c) => {
    const service = c.get('service');
    const what = service ? `service '${service}'` : 'this request';
    return json11ErrorResponse(
      c,
      new AwsError('UnknownOperationException', `lakebox does not serve ${what}: ${c.req.method} ${c.req.path}`, 400),
    );
  });

  app.onError((e, c) => json11ErrorResponse(c, e));
  return app;
}
