import * as z from 'zod';
import { ENCODING_OPTIONS } from '../domain/member-import/encoding.ts';

const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .optional()
  .transform((value) => value === 'true' || value === '1');

/** The query of `POST /members/import`: the file's encoding, and whether to write nothing or all or nothing. */
export const MemberImportQuery = z.object({
  encoding: z.enum(ENCODING_OPTIONS, { message: 'must be auto, utf8 or gb18030' }).default('auto'),
  dryRun: flag,
  allOrNothing: flag,
});
