function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Whether a policy document has a statement with Effect Allow, Action "*" and Resource "*": full
 * administrator access (Security Hub IAM.1, CIS 1.15). Conditions are not weighed, as IAM.1 does not.
 */
export function grantsFullAdmin(document: unknown): boolean {
  if (typeof document !== 'object' || document === null) return false;
  return asList((document as { Statement?: unknown }).Statement).some((statement) => {
    if (typeof statement !== 'object' || statement === null) return false;
    const s = statement as { Effect?: unknown; Action?: unknown; Resource?: unknown };
    return s.Effect === 'Allow' && asList(s.Action).includes('*') && asList(s.Resource).includes('*');
  });
}
