/**
 * Text typed or pasted into a prompt, minus control characters: a paste can carry a newline, and
 * a burst of keys arrives as one chunk in which Backspace is not recognised.
 */
export function withoutControlChars(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, '');
}
