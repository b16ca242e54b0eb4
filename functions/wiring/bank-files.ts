import { S3Client } from '@aws-sdk/client-s3';
import { type BankFile, readBankFile } from '../adapters/s3-bank-files.ts';

/** Where a bank result file lies in the bank-drop bucket. */
export type BankFileLocation = Parameters<typeof readBankFile>[1];

/** Reads the bank's result files (the `bankFiles` part of functions/wiring.ts): its S3 client built once. */
export function bankFileReader(): (location: BankFileLocation) => Promise<BankFile> {
  const s3 = new S3Client({});
  return (location) => readBankFile(s3, location);
}
