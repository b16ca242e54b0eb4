import * as z from 'zod';

/** The body of `POST /exports`: the year, or a month of it, to export. */
export const ExportRequest = z.strictObject({
  year: z.number().int().min(2015).max(2100),
  month: z.number().int().min(1).max(12).optional(),
});
