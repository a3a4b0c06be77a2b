import type { Answers } from '../answers/answers.js';
import { BadInputError } from '../lib/errors.js';
import type { Operator } from '../contracts/operator.js';
import type { InspectContext, Step } from '../contracts/step.js';
import { getPath, setPath } from '../lib/object-path.js';

/** What asking a step's questions needs: who answers, and the answers they change. */
export interface Asking {
  readonly operator: Operator;
  readonly answers: Answers;
  readonly inspectCtx: () => InspectContext;
}

/** Asks a step's questions; true when an answer changed, so the step's inspection must be redone. */
export async function askQuestions(asking: Asking, step: Step, inspection: unknown): Promise<boolean> {
  const { operator, answers } = asking;
  const questions = step.questions?.(inspection, asking.inspectCtx()) ?? [];
  let changed = false;
  for (const question of questions) {
    const current = getPath(answers, question.key);
    const value = await operator.ask(question, current);
    if (value !== current) {
      setPath(answers, question.key, value);
      changed = true;
    }
  }
  return changed;
}

/**
 * Asks again the question whose answer a step refused (e.g. an alias another account has); false
 * when there is none to ask. Whether a person is there to answer is the operator's to say, whatever
 * the schedule: an answers file cannot answer again, so a scripted run stops with exit 2.
 */
export async function askAgain(asking: Asking, step: Step, inspection: unknown, error: unknown): Promise<boolean> {
  const { operator, answers } = asking;
  if (!operator.interactive || !(error instanceof BadInputError)) return false;
  // A field inside a list (teams[1].policies[0]) is answered again by the question for the list.
  const question = step
    .questions?.(inspection, asking.inspectCtx())
    .find((q) => error.field === q.key || error.field.startsWith(`${q.key}[`));
  if (!question) return false;
  setPath(answers, question.key, await operator.ask(question, getPath(answers, question.key), error.problem));
  return true;
}
