import * as z from 'zod';
import { unitField } from './list-query.ts';

/** The query of `GET /plan-figures`. */
export const PlanFiguresQuery = z.object({
  year: z.coerce
    .number({ message: 'must be a year from 2015 to 2100' })
    .int({ message: 'must be a year from 2015 to 2100' })
    .min(2015, { message: 'must be a year from 2015 to 2100' })
    .max(2100, { message: 'must be a year from 2015 to 2100' })
    .optional()
    .describe('the Beijing year (default: the running one)'),
  unitCode: unitField,
});
