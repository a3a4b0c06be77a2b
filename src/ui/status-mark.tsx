import { Text } from 'ink';
import type { StepProgress } from '../contracts/step-status.js';

const marks: Record<StepProgress, { readonly mark: string; readonly color: string }> = {
  waiting: { mark: '·', color: 'gray' },
  running: { mark: '›', color: 'cyan' },
  done: { mark: '✔', color: 'green' },
  skipped: { mark: '–', color: 'gray' },
  pending: { mark: '!', color: 'yellow' },
  failed: { mark: '✘', color: 'red' },
};

/** One glyph per status, so the list reads the same without colour. */
export function StatusMark({ status }: { readonly status: StepProgress }) {
  const { mark, color } = marks[status];
  return <Text color={color}>{mark}</Text>;
}
