import { randomUUID } from 'node:crypto';
import type * as G from '@aws-sdk/client-glue';
import type { Lakebox, OpContext } from '../../context.js';
import type { Handler } from '../../protocol/operations.js';
import type { CatalogScope } from '../catalog/scope.js';
import { crawlerOperations } from '../crawlers/operations.js';
import { jobOperations } from '../jobs/operations.js';

/**
 * The job and crawler operations triggers call, through the other modules' op tables (contract 1: no
 * other coupling). Looked up when called, so a module that does not serve an operation yet is simply
 * absent (`undefined`) rather than a type error or an import cycle.
 */
export interface PeerOperations {
  GetJob?: Handler<G.GetJobCommandInput, G.GetJobCommandOutput>;
  StartJobRun?: Handler<G.StartJobRunCommandInput, G.StartJobRunCommandOutput>;
  GetCrawler?: Handler<G.GetCrawlerCommandInput, G.GetCrawlerCommandOutput>;
  StartCrawler?: Handler<G.StartCrawlerCommandInput, G.StartCrawlerCommandOutput>;
}

export function peers(): PeerOperations {
  const jobs = jobOperations as Readonly<Record<string, unknown>>;
  const crawlers = crawlerOperations as Readonly<Record<string, unknown>>;
  return {
    GetJob: jobs['GetJob'] as PeerOperations['GetJob'],
    StartJobRun: jobs['StartJobRun'] as PeerOperations['StartJobRun'],
    GetCrawler: crawlers['GetCrawler'] as PeerOperations['GetCrawler'],
    StartCrawler: crawlers['StartCrawler'] as PeerOperations['StartCrawler'],
  };
}

/** An OpContext for work lakebox starts itself (a trigger firing), in the trigger's account and region. */
export function internalContext(lakebox: Lakebox, scope: CatalogScope, now = new Date()): OpContext {
  return { lakebox, db: lakebox.db, account: scope.account, region: scope.region, requestId: randomUUID(), now };
}
