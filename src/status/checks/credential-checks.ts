import { consoleUrl } from '../../aws/caller.js';
import { daysSince, fail, isoDay, need, pass, someOf, type Check, type Evidence } from '../check.js';
import { isTrue, keySlots, keysOf, reportDate, rootRowName, type CredentialReportRow, type KeySlotFacts } from '../credential-report.js';
import type { AccountReadings, LiveCredentials } from '../reads.js';

/** CIS 1.11 / Security Hub IAM.22. */
export const unusedCredentialDays = 45;
/** CIS 1.13 / Security Hub IAM.3. */
export const keyRotationDays = 90;

const usersPage = (partition: string): { step: null; link: string } => ({ step: null, link: consoleUrl(partition, '/iam/home#/users') });

/** A cell as the report writes dates. */
function cell(date: Date | undefined, otherwise: string): string {
  return date ? date.toISOString() : otherwise;
}

/** A user's live reads written as a report row, so every check reads one shape. */
function liveRow(live: LiveCredentials): CredentialReportRow {
  const keys = [...live.keys].sort((a, b) => (a.created?.getTime() ?? 0) - (b.created?.getTime() ?? 0));
  const row: Record<string, string> = {
    user: live.user.name,
    user_creation_time: cell(live.user.created, 'N/A'),
    password_enabled: String(live.passwordCreated !== undefined),
    password_last_used: live.passwordCreated ? cell(live.user.passwordLastUsed, 'no_information') : 'N/A',
    password_last_changed: cell(live.passwordCreated, 'N/A'),
    mfa_active: String(live.mfaActive),
  };
  for (const slot of keySlots) {
    const key = keys[slot - 1];
    row[`access_key_${slot}_active`] = String(key?.status === 'Active');
    row[`access_key_${slot}_last_rotated`] = cell(key?.created, 'N/A');
    row[`access_key_${slot}_last_used_date`] = cell(key?.lastUsed, 'N/A');
  }
  return row;
}

/**
 * IAM users' rows (the root user has checks of its own): the report's, for the users it shows as
 * they are now; rows made from live reads for the others (made after the report, or every user when
 * the report is a reused one). Users deleted since the report are left out.
 */
function userRows(readings: AccountReadings): CredentialReportRow[] {
  const report = need(readings.credentialReport);
  const live = need(readings.liveCredentials);
  const current = readings.users.ok ? new Set(readings.users.value) : undefined;
  const fromReport = report.rows.filter(
    (row) => row.user !== rootRowName && !live.has(row.user ?? '') && (!current || current.has(row.user ?? '')),
  );
  return [...fromReport, ...[...live.values()].map(liveRow)];
}

interface NamedKey extends KeySlotFacts {
  /** The access key ID, or null when ListAccessKeys could not be matched (or read). */
  readonly id: string | null;
}

/**
 * The report numbers keys 1 and 2 but does not name them; ListAccessKeys does. They are matched on
 * the creation time (the report's last_rotated) to the second, oldest first, each key used once, so
 * two keys made in the same second still get one ID each.
 */
function namedKeys(readings: AccountReadings, row: CredentialReportRow): NamedKey[] {
  const listed = readings.accessKeys.ok ? [...(readings.accessKeys.value.get(row.user ?? '') ?? [])] : [];
  listed.sort((a, b) => (a.created?.getTime() ?? 0) - (b.created?.getTime() ?? 0));
  const second = (date: Date | undefined): number | undefined => (date ? Math.floor(date.getTime() / 1000) : undefined);
  const taken = new Set<string>();
  return keysOf(row).map((key) => {
    const match = listed.find((k) => !taken.has(k.id) && key.lastRotated !== undefined && second(k.created) === second(key.lastRotated));
    if (match) taken.add(match.id);
    return { ...key, id: match?.id ?? null };
  });
}

function keyName(key: NamedKey): string {
  return key.id ?? `access key ${key.slot}`;
}

export const consoleMfaCheck: Check = {
  id: 'console-mfa',
  title: 'Console users have MFA',
  controls: ['CIS 1.9', 'IAM.5'],
  fix: ({ partition }) => usersPage(partition),
  evaluate(readings) {
    const consoleUsers = userRows(readings).filter((row) => isTrue(row['password_enabled']));
    const without = consoleUsers.filter((row) => !isTrue(row['mfa_active'])).map((row) => row.user ?? '');
    if (without.length > 0) {
      return fail(
        `console password without MFA: ${someOf(without)}`,
        without.map((user) => ({ user, passwordEnabled: true, mfaActive: false })),
      );
    }
    if (consoleUsers.length === 0) return pass('no IAM user has a console password');
    return pass(
      `${consoleUsers.length} console user(s), all with MFA`,
      consoleUsers.map((row) => ({ user: row.user ?? '', mfaActive: true })),
    );
  },
};

export const unusedCredentialsCheck: Check = {
  id: 'unused-credentials',
  title: `No credentials unused ${unusedCredentialDays}+ days`,
  controls: ['CIS 1.11', 'IAM.22'],
  fix: ({ partition }) => usersPage(partition),
  evaluate(readings, { now }) {
    const stale: Evidence[] = [];
    const words: string[] = [];
    for (const row of userRows(readings)) {
      const user = row.user ?? '';
      if (isTrue(row['password_enabled'])) {
        // Never used: counted from when the password was set, as the CIS audit does.
        const lastUsed = reportDate(row['password_last_used']);
        const since = lastUsed ?? reportDate(row['password_last_changed']) ?? reportDate(row['user_creation_time']);
        if (since && daysSince(since, now) >= unusedCredentialDays) {
          const days = daysSince(since, now);
          stale.push({ user, credential: 'password', lastUsed: lastUsed?.toISOString() ?? null, unusedDays: days });
          words.push(`${user} password (${lastUsed ? `last used ${isoDay(lastUsed)}` : 'never used'}, ${days} days)`);
        }
      }
      for (const key of namedKeys(readings, row).filter((k) => k.active)) {
        const since = key.lastUsed ?? key.lastRotated;
        if (!since || daysSince(since, now) < unusedCredentialDays) continue;
        const days = daysSince(since, now);
        stale.push({
          user,
          credential: 'access key',
          accessKeyId: key.id,
          keySlot: key.slot,
          lastUsed: key.lastUsed?.toISOString() ?? null,
          unusedDays: days,
        });
        words.push(`${user} ${keyName(key)} (${key.lastUsed ? `last used ${isoDay(key.lastUsed)}` : 'never used'}, ${days} days)`);
      }
    }
    if (stale.length > 0) return fail(`unused ${unusedCredentialDays}+ days: ${someOf(words)}`, stale);
    return pass(`every IAM user password and active access key was used in the last ${unusedCredentialDays} days, or is newer`);
  },
};

export const keyRotationCheck: Check = {
  id: 'key-rotation',
  title: `Access keys younger than ${keyRotationDays} days`,
  controls: ['CIS 1.13', 'IAM.3'],
  fix: ({ partition }) => usersPage(partition),
  evaluate(readings, { now }) {
    const old: Evidence[] = [];
    const words: string[] = [];
    for (const row of userRows(readings)) {
      const user = row.user ?? '';
      for (const key of namedKeys(readings, row).filter((k) => k.active && k.lastRotated)) {
        const age = daysSince(key.lastRotated!, now);
        if (age <= keyRotationDays) continue;
        old.push({ user, accessKeyId: key.id, keySlot: key.slot, created: key.lastRotated!.toISOString(), ageDays: age });
        words.push(`${user} ${keyName(key)} (created ${isoDay(key.lastRotated!)}, ${age} days)`);
      }
    }
    if (old.length > 0) return fail(`active access keys older than ${keyRotationDays} days: ${someOf(words)}`, old);
    return pass(`no active access key is older than ${keyRotationDays} days`);
  },
};

export const oneActiveKeyCheck: Check = {
  id: 'one-active-key',
  title: 'At most one active key per user',
  controls: ['CIS 1.12'],
  fix: ({ partition }) => usersPage(partition),
  evaluate(readings) {
    const many: Evidence[] = [];
    const words: string[] = [];
    for (const row of userRows(readings)) {
      const user = row.user ?? '';
      const active = namedKeys(readings, row).filter((k) => k.active);
      if (active.length < 2) continue;
      const names = active.map(keyName);
      many.push({ user, activeKeys: active.length, accessKeyIds: names });
      words.push(`${user} (${names.join(', ')})`);
    }
    if (many.length > 0) return fail(`more than one active access key: ${someOf(words)}`, many);
    return pass('no IAM user has more than one active access key');
  },
};

export const initialAccessKeysCheck: Check = {
  id: 'initial-access-keys',
  title: 'No unused keys from user setup',
  controls: ['CIS 1.10'],
  fix: ({ partition }) => usersPage(partition),
  evaluate(readings) {
    // As Prowler automates the control: a console user with an active key that was never used is one
    // made "just in case" at setup; people at the console need no key.
    const found: Evidence[] = [];
    const words: string[] = [];
    for (const row of userRows(readings).filter((r) => isTrue(r['password_enabled']))) {
      for (const key of namedKeys(readings, row).filter((k) => k.active && !k.lastUsed)) {
        found.push({ user: row.user ?? '', accessKeyId: key.id, keySlot: key.slot, created: key.lastRotated?.toISOString() ?? null });
        words.push(`${row.user ?? ''} ${keyName(key)}`);
      }
    }
    if (found.length > 0) return fail(`console users with an active access key never used: ${someOf(words)}; delete the key`, found);
    return pass('no console user has an active access key that was never used');
  },
};
