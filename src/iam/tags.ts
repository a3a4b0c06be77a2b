/** Marks what this tool created, so a resume can tell its own leftovers from other people's work. */
export const toolTagKey = 'created-by';
export const toolTagValue = 'aws-day-one';

export function toolTags(): { Key: string; Value: string }[] {
  return [{ Key: toolTagKey, Value: toolTagValue }];
}
