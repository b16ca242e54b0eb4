import { lazyStepHandler } from '../step/step-handler.ts';
import {
  bankFiles,
  claims,
  feedback,
  linkBaseUrl,
  linkKey,
  notifier,
  now,
  payments,
  registry,
} from '../wiring.ts';

/**
 * A file the bank integration wrote under `bank-results/` (only its role may): applied at once through
 * the bank's channel, every line, with the file's SHA-256 (and S3's own checksum) on the events.
 */
export const handler = lazyStepHandler(
  async () => {
    const [{ BANK_IDENTITY }, { BankResultCreated }, { reconcilePayments }] = await Promise.all([
      import('../domain/payments/bank-channel.ts'),
      import('../schemas/events.ts'),
      import('../usecases/reconcile-payments.ts'),
    ]);
    return {
      schema: BankResultCreated,
      run: async (deps, { detail }) => {
        const file = await deps.bankFiles({
          bucket: detail.bucket.name,
          key: detail.object.key,
          versionId: detail.object['version-id'],
        });
        const where = `s3://${detail.bucket.name}/${detail.object.key}${file.versionId === null ? '' : `?versionId=${file.versionId}`}`;
        const report = await reconcilePayments(deps, {
          identity: BANK_IDENTITY,
          text: file.text,
          channel: {
            kind: 'bank',
            source: file.s3ChecksumSha256 === null ? where : `${where}, S3 checksum ${file.s3ChecksumSha256}`,
          },
        });
        return {
          file: where,
          fileSha256: report.fileSha256,
          fileErrors: report.fileErrors,
          summary: report.summary,
        };
      },
    };
  },
  { bankFiles, claims, feedback, linkBaseUrl, linkKey, notifier, now, payments, registry },
);
