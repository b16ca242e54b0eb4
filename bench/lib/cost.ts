import { PRICES } from './prices.ts';

/** What a run of claims used, counted from the run. */
export interface Footprint {
  readonly claims: number;
  readonly stateTransitions: number;
  readonly lambda: readonly {
    readonly functionId: string;
    readonly invocations: number;
    /** Sum of each invocation's duration rounded up to the millisecond, as Lambda bills it. */
    readonly billedMs: number;
    readonly memoryMb: number;
  }[];
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly httpRequests: number;
  readonly emails: number;
  readonly smsParts: number;
}

export interface CostLine {
  readonly item: string;
  /** Per 1,000 claims, in `unit`. */
  readonly quantity: number;
  readonly unit: string;
  readonly usd: number;
  /** Of the total, 0..1. */
  readonly share: number;
}

/** Cost per 1,000 claims from a footprint at the given prices, the largest line first. */
export function costPer1000Claims(
  footprint: Footprint,
  prices: typeof PRICES = PRICES,
): { lines: CostLine[]; totalUsd: number } {
  if (!(footprint.claims > 0)) throw new RangeError('a footprint needs at least one claim');
  const per1000 = 1000 / footprint.claims;
  const invocations = footprint.lambda.reduce((sum, f) => sum + f.invocations, 0);
  const gbSeconds = footprint.lambda.reduce((sum, f) => sum + (f.billedMs / 1000) * (f.memoryMb / 1024), 0);
  const raw: Omit<CostLine, 'share'>[] = [
    line(
      'Step Functions state transitions',
      footprint.stateTransitions,
      'transitions',
      prices.stepFunctionsPerTransition.usd,
    ),
    line('Lambda requests', invocations, 'requests', prices.lambdaPerRequest.usd),
    line('Lambda duration (arm64)', gbSeconds, 'GB-s', prices.lambdaArmPerGbSecond.usd),
    line('DynamoDB write request units', footprint.writeUnits, 'WRU', prices.dynamoPerWriteUnit.usd),
    line('DynamoDB read request units', footprint.readUnits, 'RRU', prices.dynamoPerReadUnit.usd),
    line('HTTP API requests', footprint.httpRequests, 'requests', prices.httpApiPerRequest.usd),
    line('SES e-mails', footprint.emails, 'e-mails', prices.sesPerEmail.usd),
    line('SNS SMS to China (message parts)', footprint.smsParts, 'parts', prices.smsChinaPerPart.usd),
  ];
  const totalUsd = raw.reduce((sum, l) => sum + l.usd, 0);
  const lines = raw
    .map((l) => ({ ...l, share: totalUsd > 0 ? l.usd / totalUsd : 0 }))
    .sort((a, b) => b.usd - a.usd);
  return { lines, totalUsd };

  function line(item: string, total: number, unit: string, usdEach: number): Omit<CostLine, 'share'> {
    const quantity = total * per1000;
    return { item, quantity, unit, usd: quantity * usdEach };
  }
}

/**
 * Message parts of an SMS as carriers bill them: GSM-7 text 160 characters in one part, 153 per part
 * when split; any other character (Chinese) makes it UCS-2: 70 in one part, 67 per part when split.
 */
export function smsParts(text: string): number {
  const chars = [...text].length;
  const gsm = /^[A-Za-z0-9 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/.test(text);
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  if (chars === 0) return 1;
  return chars <= single ? 1 : Math.ceil(chars / multi);
}
