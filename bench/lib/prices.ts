/**
 * AWS on-demand prices in USD, us-east-1, without free tiers, as published in the month given with each
 * (read from the pricing pages below; not fetched by the benchmark). Check them before quoting a cost.
 */
export const PRICES = {
  /** Step Functions Standard: USD 0.025 per 1,000 state transitions. As published 2025. */
  stepFunctionsPerTransition: {
    usd: 0.025 / 1000,
    source: 'https://aws.amazon.com/step-functions/pricing/',
    asPublished: '2025',
  },
  /** Lambda requests: USD 0.20 per million. As published 2025. */
  lambdaPerRequest: { usd: 0.2 / 1e6, source: 'https://aws.amazon.com/lambda/pricing/', asPublished: '2025' },
  /** Lambda duration on arm64 (Graviton), first 7.5 billion GB-seconds a month: USD 0.0000133334 per GB-s. */
  lambdaArmPerGbSecond: {
    usd: 0.0000133334,
    source: 'https://aws.amazon.com/lambda/pricing/',
    asPublished: '2025',
  },
  /** DynamoDB on-demand write request unit: USD 0.625 per million (after the November 2024 reduction). */
  dynamoPerWriteUnit: {
    usd: 0.625 / 1e6,
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    asPublished: 'November 2024',
  },
  /** DynamoDB on-demand read request unit: USD 0.125 per million (after the November 2024 reduction). */
  dynamoPerReadUnit: {
    usd: 0.125 / 1e6,
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    asPublished: 'November 2024',
  },
  /** API Gateway HTTP API: USD 1.00 per million requests (first 300 million a month). As published 2025. */
  httpApiPerRequest: {
    usd: 1.0 / 1e6,
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    asPublished: '2025',
  },
  /** SES outbound e-mail: USD 0.10 per 1,000. As published 2025. */
  sesPerEmail: { usd: 0.1 / 1000, source: 'https://aws.amazon.com/ses/pricing/', asPublished: '2025' },
  /**
   * SNS SMS to China (+86), per message part: about USD 0.02 (one significant figure: the rate changes
   * with carriers and AWS lists it per country). The members and approvers are in Beijing.
   */
  smsChinaPerPart: {
    usd: 0.02,
    source: 'https://aws.amazon.com/sns/sms-pricing/',
    asPublished: '2025, approximate',
  },
} as const;

export type PriceId = keyof typeof PRICES;
