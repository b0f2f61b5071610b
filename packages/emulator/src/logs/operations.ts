import type * as L from '@aws-sdk/client-cloudwatch-logs';
import type { Handler } from '../protocol/operations.js';

/** The CloudWatch Logs operations lakebox serves, typed with the AWS SDK v3 command types. */
export interface LogsOperations {
  DescribeLogGroups: Handler<L.DescribeLogGroupsCommandInput, L.DescribeLogGroupsCommandOutput>;
  DescribeLogStreams: Handler<L.DescribeLogStreamsCommandInput, L.DescribeLogStreamsCommandOutput>;
  GetLogEvents: Handler<L.GetLogEventsCommandInput, L.GetLogEventsCommandOutput>;
  FilterLogEvents: Handler<L.FilterLogEventsCommandInput, L.FilterLogEventsCommandOutput>;
}
