/**
 * The CloudWatch metrics of the system, named once: the functions that emit them (Embedded Metric Format,
 * through Powertools Metrics) and the CDK dashboard and alarms that read them share these names.
 */

/** Every custom metric lives in this namespace. */
export const METRICS_NAMESPACE = 'UnionClaims';

/** The `service` dimension Powertools Metrics adds to every metric (its default dimension). */
export const METRICS_SERVICE = 'union-claims';

/** Business metrics of the claims, emitted by the handlers (counts unless said otherwise). */
export const CLAIM_METRICS = {
  submitted: 'ClaimsSubmitted',
  approved: 'ClaimsApproved',
  rejected: 'ClaimsRejected',
  paid: 'ClaimsPaid',
  /** The amount paid, in fen. */
  paidFen: 'PaidFen',
  failed: 'ClaimsFailed',
  held: 'ClaimsHeld',
  /** Seconds from a level's opening to its decision, with the dimension {@link TIER_DIMENSION}. */
  approvalLatency: 'ApprovalLatency',
  smsSent: 'SmsSent',
  smsFailed: 'SmsFailed',
  emailSent: 'EmailSent',
  emailFailed: 'EmailFailed',
  fraudFlagsRaised: 'FraudFlagsRaised',
} as const;

/** The dimension of {@link CLAIM_METRICS.approvalLatency}: the tier of the deciding unit. */
export const TIER_DIMENSION = 'Tier';

/** Gauges of what is waiting too long or running out, emitted hourly by the operations-gauge job. */
export const GAUGE_METRICS = {
  /** Age in seconds of the oldest approval level still open (0 when none is open). */
  oldestOpenApprovalAge: 'OldestOpenApprovalAgeSeconds',
  /** Open approval levels opened more than three days ago. */
  approvalsOlderThanThreeDays: 'ApprovalsOlderThanThreeDays',
  /** The lowest available share of any budget of the running year, in percent (100 when none). */
  lowestBudgetAvailable: 'LowestBudgetAvailablePercent',
  /** Budgets of the running year with less than 10% of their allocation available. */
  budgetsUnderTenPercent: 'BudgetsUnderTenPercentAvailable',
} as const;

export type ClaimMetric = (typeof CLAIM_METRICS)[keyof typeof CLAIM_METRICS];
export type GaugeMetric = (typeof GAUGE_METRICS)[keyof typeof GAUGE_METRICS];
