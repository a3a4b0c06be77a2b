import type { Answers } from '../answers/answers.js';
import { removeStaleTemps } from '../secrets/atomic-file.js';
import type { StateStore } from '../state/state-store.js';

/**
 * A run killed between writing a secret's temp file and renaming it leaves `.NAME.HEX.tmp` behind,
 * holding the secret. The next run removes this tool's temp files next to every secret destination
 * the state remembers (a re-run may name other files) and the ones the answers name now. Returns
 * the paths removed.
 */
export function sweepSecretTemps(store: StateStore, answers: Answers): string[] {
  const targets = new Set<string>();
  const add = (path: string | undefined): void => {
    if (path && path !== 'card') targets.add(path);
  };
  for (const record of Object.values(store.state.steps)) {
    add(record?.passwordTarget);
    add(record?.mfaSeedTarget);
    for (const user of Object.values(record?.users ?? {})) {
      add(user.passwordTarget);
      add(user.mfaSeedTarget);
    }
  }
  for (const path of [
    answers.admin.passwordFile,
    answers.admin.mfaSeedFile,
    ...answers.users.flatMap((u) => [u.passwordFile, u.mfaSeedFile]),
  ])
    add(path);
  return [...targets].flatMap((path) => removeStaleTemps(path));
}
