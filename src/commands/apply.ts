import type { CliOptions } from '../cli-options.js';
import { BadInputError } from '../errors.js';
import { startConnect } from './connect.js';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (line: string) => void;
}

/** `aws-day-one apply --answers FILE`: the day-1 flow from an answers file, unattended. */
export async function runApply(options: CliOptions, io: Io): Promise<number> {
  const answersPath = options.answers;
  if (!answersPath) {
    throw new BadInputError('--answers', 'is required: aws-day-one apply --answers FILE (create one with aws-day-one init answers.yaml)');
  }
  // GetCallerIdentity goes out before the answers parser, the engine and the steps load (about half
  // the code an apply runs), so the round trip and the loading overlap. Bad answers still win: the
  // file is checked before the answer is read, and the call is dropped.
  const connecting = startConnect(options);
  try {
    const { applyAnswersFile } = await import('./apply-answers-file.js');
    return await applyAnswersFile({ ...options, answers: answersPath }, connecting, io);
  } finally {
    connecting.abandon();
  }
}
