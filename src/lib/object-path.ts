/** Reads a dotted path such as `admin.name` from nested plain objects. */
export function getPath(target: object, path: string): unknown {
  let value: unknown = target;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Writes a dotted path, creating the plain objects on the way. */
export function setPath(target: object, path: string, value: unknown): void {
  const parts = path.split('.');
  const last = parts.pop();
  if (last === undefined) return;
  let node = target as Record<string, unknown>;
  for (const part of parts) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[last] = value;
}
