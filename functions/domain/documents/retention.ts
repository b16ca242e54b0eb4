/**
 * How long documents are kept (docs/documents.md says why). Under the 会计档案管理办法 (2015), original
 * accounting vouchers (原始凭证), and the papers attached to a payment voucher, are kept 30 years: a
 * document is the evidence of a benefit paid (or refused), so every kind is kept as a voucher is.
 */
export const DOCUMENT_RETENTION_YEARS = 30;
/** 30 years in days, leap days included (S3 lifecycle rules count days). */
export const DOCUMENT_RETENTION_DAYS =
  DOCUMENT_RETENTION_YEARS * 365 + Math.ceil(DOCUMENT_RETENTION_YEARS / 4);
/** A version that is no longer current (an object removed by mistake) can be restored for this long. */
export const NONCURRENT_VERSION_DAYS = 90;
/** The prefix every document's key starts with (`claims/<claimId>/documents/<documentId>`). */
export const DOCUMENTS_PREFIX = 'claims/';
