import type { SitrepRecord } from '../model/index.ts';

/**
 * Port: a destination for records. write() resolves only when the record is durably handed over;
 * it is idempotent by record id, so a retried job never writes a record twice.
 */
export interface RecordSink {
  readonly name: string;
  /** Resolves to true when written now, false when this id was already written. */
  write(record: SitrepRecord): Promise<boolean>;
  close(): Promise<void>;
}
