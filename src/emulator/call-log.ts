/**
 * Every request the emulator received, so tests and the benchmark can count upstream calls
 * (README, "Benchmark": a warm query makes no Clerk call and one provider call per account and page).
 */
import type { ServiceName } from './http-router.js';

export interface CallRecord {
  service: ServiceName;
  /** `clerk.getUser`, `github.listRepos`, … or `<service>.notFound`. */
  route: string;
  method: string;
  /** The path within the service, e.g. `/v1/users/user_…`. */
  path: string;
  query: Record<string, string>;
  /** The status sent; 0 while no answer has been sent (in flight, hung, or the socket was reset). */
  status: number;
  /** Arrival time, epoch milliseconds. */
  at: number;
  /** For Clerk calls: the user id in the path. */
  userId?: string;
  /** For provider calls: the account whose token was presented, when the token is known. */
  accountId?: string;
}

export type CallFilter = Partial<Pick<CallRecord, 'service' | 'route' | 'userId' | 'accountId'>>;

export interface CallLog {
  all(): CallRecord[];
  count(filter?: CallFilter): number;
  reset(): void;
}

export interface RecordingCallLog extends CallLog {
  /** Adds a record with status 0 and returns it; the caller sets `status` once the answer is sent. */
  record(entry: Omit<CallRecord, 'status' | 'at'>): CallRecord;
}

export function createCallLog(): RecordingCallLog {
  let records: CallRecord[] = [];
  return {
    record(entry) {
      const record: CallRecord = { ...entry, status: 0, at: Date.now() };
      records.push(record);
      return record;
    },
    all() {
      return records.map((record) => ({ ...record, query: { ...record.query } }));
    },
    count(filter = {}) {
      return records.filter((record) => matches(record, filter)).length;
    },
    reset() {
      records = [];
    },
  };
}

function matches(record: CallRecord, filter: CallFilter): boolean {
  return (Object.keys(filter) as (keyof CallFilter)[]).every(
    (key) => filter[key] === undefined || record[key] === filter[key],
  );
}
