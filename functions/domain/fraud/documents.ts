/**
 * Fraud checks on evidence documents, run when a document is stored (not by the scan): the same file on
 * another claim, and a photo of a paper taken before the event the paper evidences. Pure: the caller
 * reads the hash index and the image's embedded date.
 */
import { claimDateLabel, evidenceLabel } from '../programs/labels.ts';
import { clampScore, shortHash } from './context.ts';
import type { FraudFlag } from './types.ts';

export const DOCUMENT_REUSE = 'document-reuse';
/**
 * A photo dated before the event it evidences. (Flags raised before this rule, under
 * `document-date-after-submission`, keep their rule id and are decided as any flag.)
 */
export const DOCUMENT_DATE = 'document-date-before-incident';

/** A stored document as the checks see it (its claim and member, never its bytes). */
export interface DocumentOnClaim {
  readonly claimId: string;
  readonly memberId: string;
  readonly documentId: string;
  readonly kind: string;
  /** Lowercase hex SHA-256 of the bytes. */
  readonly sha256: string;
}

/** A flag to be stored on one claim (its `claimIds` name that claim and the other it matched). */
export interface FlagOnClaim {
  readonly claimId: string;
  readonly flag: FraudFlag;
}

/** At most this many other claims are named for one file (a file on more claims is flagged for these). */
export const MAX_REUSE_PAIRS = 20;

/**
 * The same file (by SHA-256) on other claims: one flag on each side of each pair, so the new claim is
 * flagged once for each earlier claim and each earlier claim once for the new one, each naming the other.
 * A flag's key names the hash and the other claim, so the same pair never raises twice, whichever side's
 * upload sees the other first. Another member's claim scores 95, the same member's 85 (an honest member
 * may send one invoice to two programs, which the rules do not allow either).
 */
export function documentReuse(stored: DocumentOnClaim, filed: readonly DocumentOnClaim[]): FlagOnClaim[] {
  const others = new Map<string, DocumentOnClaim>();
  for (const f of filed) {
    if (f.sha256 !== stored.sha256 || f.claimId === stored.claimId || others.has(f.claimId)) continue;
    others.set(f.claimId, f);
  }
  const out: FlagOnClaim[] = [];
  for (const other of [...others.values()].slice(0, MAX_REUSE_PAIRS)) {
    out.push(
      { claimId: stored.claimId, flag: reuseFlag(stored, other) },
      { claimId: other.claimId, flag: reuseFlag(other, stored) },
    );
  }
  return out;
}

function reuseFlag(on: DocumentOnClaim, other: DocumentOnClaim): FraudFlag {
  const sameMember = on.memberId === other.memberId;
  const label = evidenceLabel(on.kind);
  const otherLabel = evidenceLabel(other.kind);
  const hash = shortHash(on.sha256);
  return {
    rule: DOCUMENT_REUSE,
    score: clampScore(sameMember ? 85 : 95),
    claimIds: [on.claimId, other.claimId],
    memberIds: sameMember ? [on.memberId] : [on.memberId, other.memberId],
    what: {
      zh: `本申请的${label.zh}文件（SHA-256 ${hash}）与申请 ${other.claimId} 的${otherLabel.zh}文件完全相同（${sameMember ? '同一会员' : `另一会员 ${other.memberId}`}）`,
      en: `This claim's ${label.en.toLowerCase()} file (SHA-256 ${hash}) is identical to the ${otherLabel.en.toLowerCase()} file of claim ${other.claimId} (${sameMember ? 'the same member' : `another member, ${other.memberId}`})`,
    },
    key: `${DOCUMENT_REUSE}|${on.sha256}|${other.claimId}`,
  };
}

/**
 * The kinds of paper that exist because of the event a claim is for (its `incidentDate`: the admission, the
 * treatment, the accident, the death, the certificate's issue, the payment of the fees…), so that no photo
 * of one can be older than that day. Papers that usually predate the event (a proof of relation, an aid
 * application, a court's earlier documents) and kinds an admin added later are not checked.
 */
export const EVENT_DOCUMENT_KINDS: ReadonlySet<string> = new Set([
  'certificate',
  'invoice',
  'tuition-invoice',
  'discharge-summary',
  'diagnosis-certificate',
  'disability-assessment',
  'medical-record',
  'death-certificate',
  'fire-report',
  'flood-report',
  'incident-report',
]);

/**
 * A photo of a paper taken before the event the paper evidences: an image whose embedded date (EXIF
 * DateTimeOriginal) is earlier than the start (00:00 Beijing time) of the claim's incident day, for a kind
 * of paper the event itself produces ({@link EVENT_DOCUMENT_KINDS}): a discharge summary photographed
 * before the admission, an invoice before the treatment. A photo taken after the claim was submitted is
 * normal (members can upload only once the claim exists) and is never flagged. `takenAt` is the instant
 * the image carries (null: none).
 */
export function documentPredatesIncident(
  claim: {
    readonly claimId: string;
    readonly memberId: string;
    readonly program: string;
    readonly benefit: string;
    /** YYYY-MM-DD, a Beijing calendar day. */
    readonly incidentDate: string;
  },
  document: DocumentOnClaim,
  takenAt: string | null,
): FlagOnClaim | null {
  if (takenAt === null || !EVENT_DOCUMENT_KINDS.has(document.kind)) return null;
  const taken = Date.parse(takenAt);
  const incidentStart = Date.parse(`${claim.incidentDate}T00:00:00+08:00`);
  if (!Number.isFinite(taken) || !Number.isFinite(incidentStart) || taken >= incidentStart) return null;
  const label = evidenceLabel(document.kind);
  const dateLabel = claimDateLabel(claim.program, claim.benefit);
  const takenText = beijingMinute(taken);
  return {
    claimId: claim.claimId,
    flag: {
      rule: DOCUMENT_DATE,
      score: 60,
      claimIds: [claim.claimId],
      memberIds: [claim.memberId],
      what: {
        zh: `${label.zh}图片（文件 ${document.documentId}）内嵌的拍摄时间 ${takenText}（北京时间）早于申请的${dateLabel.zh} ${claim.incidentDate}`,
        en: `The ${label.en.toLowerCase()} image (document ${document.documentId}) was taken ${takenText} (Beijing time), before the claim's ${dateLabel.en.toLowerCase()} ${claim.incidentDate}`,
      },
      key: `${DOCUMENT_DATE}|${document.documentId}`,
    },
  };
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;

function beijingMinute(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/**
 * The instant of an EXIF date (`YYYY:MM:DD HH:MM:SS`, the camera's wall clock) with its offset
 * (`OffsetTimeOriginal`, `+08:00`) when the image has one, else read as Beijing time (UTC+8): where the
 * federation's members take their photos. Null for a date that does not parse (cameras write
 * `0000:00:00 00:00:00` when their clock was never set).
 */
export function exifInstant(raw: string, offset?: string | null): string | null {
  const m = EXIF_DATE.exec(raw.trim());
  if (m === null) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  if (y < 1990 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const o = offset === undefined || offset === null ? null : OFFSET.exec(offset.trim());
  const offsetMs =
    o === null
      ? BEIJING_OFFSET_MS
      : (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 3_600_000 + Number(o[3]) * 60_000);
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(local);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  return new Date(local - offsetMs).toISOString();
}
