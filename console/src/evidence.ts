import { EVIDENCE_LABELS } from '../../functions/domain/programs/labels.ts';

/**
 * An evidence kind's name as the API's own pages say it: the one table of `functions/domain/programs/labels.ts`
 * (plain data, no imports; the console's build fingerprint includes it). A kind the console does not know is
 * shown as its id.
 */
export function evidenceName(kind: string, lang: 'zh' | 'en'): string {
  return EVIDENCE_LABELS[kind]?.[lang] ?? kind;
}
