/** Migration 005: Glue crawlers and crawls. */
export const glueCrawlersSchema = `
  SELECT 1;
`;
