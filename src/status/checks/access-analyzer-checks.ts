import { consoleUrl } from '../../aws/caller.js';
import { fail, need, pass, someOf, unknown, unknownVerdict, type Check, type Evidence } from '../check.js';
import type { Analyzer, RegionAnalyzers } from '../reads.js';

/**
 * The analyzer types that analyze external access (Security Hub IAM.28, AWS Config's
 * iam-external-access-analyzer-enabled): zone of trust the account or the organization. Unused and
 * internal access analyzers look at something else and do not count.
 */
const externalAccessTypes = new Set(['ACCOUNT', 'ORGANIZATION']);

const watchesExternalAccess = (a: Analyzer): boolean => externalAccessTypes.has(a.type) && a.status === 'ACTIVE';

const shown = (a: Analyzer): string => `${a.name} (${a.type}, ${a.status})`;

type Readable = RegionAnalyzers & { readonly analyzers: { readonly ok: true; readonly value: readonly Analyzer[] } };

export const accessAnalyzerCheck: Check = {
  id: 'access-analyzer',
  title: 'IAM Access Analyzer in every region',
  controls: ['CIS 1.19', 'IAM.28'],
  fix: ({ partition }) => ({ step: null, link: consoleUrl(partition, '/access-analyzer/home') }),
  evaluate(readings) {
    const regions = need(readings.accessAnalyzers);
    if (regions.length === 0) return unknown('cannot tell: account:ListRegions listed no active region');
    const names = regions.map((r) => r.region);
    const checked = `${names.length} active region${names.length === 1 ? '' : 's'} checked: ${someOf(names)}`;
    const readable = regions.filter((r): r is Readable => r.analyzers.ok);
    const missing = readable.filter((r) => !r.analyzers.value.some(watchesExternalAccess));
    const unread = regions.filter((r) => !r.analyzers.ok);
    const unreadNames = someOf(unread.map((r) => r.region));
    // A region without one fails the control whatever the regions that could not be read hold.
    if (missing.length > 0) {
      return fail(
        `no active external access analyzer in ${someOf(missing.map((r) => r.region))} ` +
          `(${checked}${unread.length > 0 ? `; not readable: ${unreadNames}` : ''}); create one in each: aws accessanalyzer ` +
          `create-analyzer --analyzer-name external-access --type ACCOUNT --region REGION`,
        [
          ...missing.map(
            (r): Evidence => ({ region: r.region, externalAccessAnalyzer: null, otherAnalyzers: r.analyzers.value.map(shown) }),
          ),
          { activeRegions: names },
        ],
      );
    }
    const firstUnread = unread[0]?.analyzers;
    if (firstUnread && !firstUnread.ok) {
      const verdict = unknownVerdict(firstUnread, ` in ${unreadNames}`);
      return { ...verdict, reason: `${verdict.reason} (${checked})`, evidence: [...verdict.evidence, { activeRegions: names }] };
    }
    return pass(
      `an active external access analyzer in every active region (${checked})`,
      readable.map((r) => ({ region: r.region, externalAccessAnalyzer: r.analyzers.value.find(watchesExternalAccess)?.name ?? null })),
    );
  },
};
