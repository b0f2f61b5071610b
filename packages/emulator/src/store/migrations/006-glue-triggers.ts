/** Migration 006: Glue triggers and workflows. */
export const glueTriggersSchema = `
  SELECT 1;
`;
