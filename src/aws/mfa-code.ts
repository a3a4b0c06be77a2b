import { BadInputError } from '../lib/errors.js';

/** What a code is asked for: the device (its serial ARN) and what the code unlocks. */
export interface MfaCodeRequest {
  readonly serial: string;
  /** e.g. `profile "admin" (role_arn ...)` or `an MFA session for IAM user alice`. */
  readonly purpose: string;
}

/** Asks a person for the code their device shows now (a prompt on the terminal, or in the wizard). */
export type AskMfaCode = (request: MfaCodeRequest) => Promise<string>;

export const mfaCodePattern = /^\d{6}$/;

/**
 * Where this run's MFA code comes from: --mfa-code, else a prompt when there is a terminal, else
 * bad input naming --mfa-code (a scripted run cannot be asked, and AWS would refuse a guess).
 * A code is good for one AWS call only (AWS refuses a code used before), so each is handed out once.
 */
export function mfaCodeSource(flagCode: string | undefined, ask: AskMfaCode | undefined): (request: MfaCodeRequest) => Promise<string> {
  let unused = flagCode;
  return async (request) => {
    if (unused !== undefined) {
      const code = unused;
      unused = undefined;
      return code;
    }
    if (flagCode !== undefined) {
      throw new BadInputError(
        '--mfa-code',
        `was already used once in this run, and ${request.purpose} needs another code from ${request.serial}; ` +
          `AWS accepts each code only once`,
      );
    }
    if (!ask) {
      throw new BadInputError(
        '--mfa-code',
        `${request.purpose} needs a code from MFA device ${request.serial}, and there is no terminal to ask for it: ` +
          `pass --mfa-code CODE with the 6 digits the device shows now`,
      );
    }
    return ask(request);
  };
}

/** Can a prompt be shown? It reads keys from stdin and draws on stderr, so stdout stays the result. */
export function terminalCanAsk(stdin: { isTTY?: boolean }, stderr: { isTTY?: boolean }): boolean {
  return stdin.isTTY === true && stderr.isTTY === true;
}

/**
 * A plain prompt on stderr for `apply`, `plan` and `status`: keys are read raw, and only digits are
 * echoed (anything else typed is dropped, never shown). Enter takes exactly six digits; Ctrl-C stops
 * the run as an interrupt would, before anything changed.
 */
export function askOnTerminal(stdin: NodeJS.ReadStream = process.stdin, stderr: NodeJS.WriteStream = process.stderr): AskMfaCode {
  return (request) =>
    new Promise<string>((resolve, reject) => {
      let digits = '';
      stderr.write(`${request.purpose} needs a code from MFA device ${request.serial}\nMFA code: `);
      const wasRaw = stdin.isRaw;
      stdin.setRawMode(true);
      stdin.resume();
      const finish = (): void => {
        stdin.off('data', onData);
        stdin.setRawMode(wasRaw);
        stdin.pause();
        stderr.write('\n');
      };
      function onData(chunk: Buffer): void {
        for (const char of chunk.toString('utf8')) {
          if (char === '\u0003') {
            finish();
            process.kill(process.pid, 'SIGINT');
            return;
          }
          if (char === '\u0004') {
            finish();
            reject(
              new BadInputError(
                '--mfa-code',
                `no code was entered for ${request.serial}; run again and type the 6 digits, or pass --mfa-code CODE`,
              ),
            );
            return;
          }
          if (char === '\r' || char === '\n') {
            if (mfaCodePattern.test(digits)) {
              finish();
              resolve(digits);
              return;
            }
            continue;
          }
          if ((char === '\u007f' || char === '\b') && digits.length > 0) {
            digits = digits.slice(0, -1);
            stderr.write('\b \b');
            continue;
          }
          if (/^\d$/.test(char) && digits.length < 6) {
            digits += char;
            stderr.write(char);
          }
        }
      }
      stdin.on('data', onData);
    });
}
