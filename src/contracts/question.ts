/** A question a step asks; the key is the answers-file path that answers it. */
export interface Question {
  readonly key: string;
  readonly message: string;
  /**
   * 'teams' and 'users' answer whole lists (`teams`, `users` of the answers file): the wizard asks
   * them with presets and an "add a user" loop.
   */
  readonly kind: 'text' | 'select' | 'confirm' | 'teams' | 'users';
  readonly choices?: readonly { readonly value: string; readonly label: string }[];
  /** Returns an error message for a bad value, undefined when fine. */
  readonly validate?: (value: string) => string | undefined;
  /**
   * The value offered when the answers hold none (the wizard's default). A question with one may be
   * left out of an answers file: the step then decides on its own.
   */
  readonly suggested?: string;
  /** Turns the typed text into the answer's value (a number, say); the text itself otherwise. */
  readonly parse?: (value: string) => unknown;
}
