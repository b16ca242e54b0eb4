import type { Actor } from '../domain/claim.ts';
import type { ManifestFile } from '../domain/evaluation/manifest.ts';
import type { ExportPeriod } from '../domain/evaluation/period.ts';

export type ExportStatus = 'RUNNING' | 'DONE' | 'FAILED';

/** The record of one evaluation export: who asked for which period, and what it produced. */
export interface ExportJob {
  readonly exportId: string;
  readonly period: ExportPeriod;
  readonly requestedBy: Actor;
  readonly requestedAt: string;
  readonly status: ExportStatus;
  readonly finishedAt?: string;
  /** The files with their SHA-256 (the manifest itself last, without a hash of its own in it). */
  readonly files?: readonly ManifestFile[];
  readonly counts?: { readonly rows: number; readonly members: number };
  readonly error?: string;
}

export interface ExportJobs {
  create(job: ExportJob): Promise<void>;
  /** Ends a RUNNING job (DONE with its files, or FAILED with the reason). */
  finish(
    exportId: string,
    outcome: Pick<ExportJob, 'status' | 'finishedAt' | 'files' | 'counts' | 'error'>,
  ): Promise<void>;
  get(exportId: string): Promise<ExportJob | null>;
  /** The newest first. */
  list(limit: number): Promise<ExportJob[]>;
}

/** Where export files live: an S3 bucket in AWS, a folder under the data directory locally. */
export interface ExportFiles {
  /** Stores a file from its chunks as they come (never the whole file in memory). */
  write(exportId: string, name: string, contentType: string, chunks: AsyncIterable<Buffer>): Promise<void>;
  read(exportId: string, name: string): Promise<Buffer | null>;
  /** A link that downloads the file without a token until it expires. */
  downloadUrl(exportId: string, name: string, ttlSeconds: number): Promise<string>;
}

export type ScanTable = 'claims' | 'registry';

/** Reads a whole table as parallel scan segments, a page at a time. */
export interface TableScanner {
  /** The pages of one segment (of `totalSegments`) of a table. */
  segment(table: ScanTable, segment: number, totalSegments: number): AsyncIterable<Record<string, unknown>[]>;
}

/** Starts the export worker for a recorded job (a Step Functions execution in AWS, in-process locally). */
export interface ExportRunner {
  start(exportId: string): Promise<void>;
}
