/**
 * One regular expression written as consecutive parts, so an expected message longer than a line
 * stays readable: the parts' sources are joined in order. Each part must be a regular expression on
 * its own (split between tokens, never inside a group or a class), and all carry the same flags.
 */
export function joinedRegExp(...parts: readonly RegExp[]): RegExp {
  const flags = new Set(parts.map((part) => part.flags));
  if (flags.size > 1) throw new Error(`the parts of one regular expression have different flags: ${[...flags].join(', ')}`);
  return new RegExp(parts.map((part) => part.source).join(''), parts[0]?.flags);
}
