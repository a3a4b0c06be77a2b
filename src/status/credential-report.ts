/** One row of the IAM credential report, keyed by the report's own column names. */
export type CredentialReportRow = Readonly<Record<string, string>>;

export interface CredentialReport {
  readonly generatedAt: Date | undefined;
  readonly rows: readonly CredentialReportRow[];
  /**
   * AWS answered COMPLETE at the first GenerateCredentialReport: the report is one made earlier (up
   * to 4 hours ago), so anything changed since is not in it.
   */
  readonly reused: boolean;
}

/** The report names the root user this way instead of by a user name. */
export const rootRowName = '<root_account>';

/** Parses the report's CSV. User names and ARNs cannot hold commas or quotes, so no quoting is needed. */
export function parseCredentialReport(csv: string): CredentialReportRow[] {
  const [header, ...lines] = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (!header) return [];
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((column, index) => [column, cells[index] ?? '']));
  });
}

/**
 * A date cell, or undefined for the report's "no date" markers (N/A, no_information, not_supported).
 */
export function reportDate(value: string | undefined): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}

/** The two access key slots the report has per user. */
export const keySlots = [1, 2] as const;
export type KeySlot = (typeof keySlots)[number];

export interface KeySlotFacts {
  readonly slot: KeySlot;
  readonly active: boolean;
  readonly lastRotated: Date | undefined;
  readonly lastUsed: Date | undefined;
}

/** The access key slots that hold a key (a rotation date), active or not. */
export function keysOf(row: CredentialReportRow): KeySlotFacts[] {
  return keySlots
    .map((slot) => ({
      slot,
      active: isTrue(row[`access_key_${slot}_active`]),
      lastRotated: reportDate(row[`access_key_${slot}_last_rotated`]),
      lastUsed: reportDate(row[`access_key_${slot}_last_used_date`]),
    }))
    .filter((key) => key.active || key.lastRotated !== undefined);
}
