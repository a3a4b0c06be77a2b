import { Box, render, Text, useInput } from 'ink';
import { useState } from 'react';
import type { MfaCodeRequest } from '../aws/mfa-code.js';
import { mfaCodePattern } from '../aws/mfa-code.js';

interface MfaCodePromptProps {
  readonly request: MfaCodeRequest;
  readonly onCode: (code: string) => void;
  readonly onInterrupt: () => void;
}

/** Six digits for an MFA device: anything but digits is dropped, never drawn. */
export function MfaCodePrompt({ request, onCode, onInterrupt }: MfaCodePromptProps) {
  const [digits, setDigits] = useState('');
  const [entered, setEntered] = useState(false);
  useInput((input, key) => {
    if (key.ctrl && input === 'c') return onInterrupt();
    if (entered) return;
    if (key.return) {
      if (mfaCodePattern.test(digits)) {
        // The last frame stays in the scrollback: it shows that a code was entered, not the code.
        setEntered(true);
        onCode(digits);
      }
      return;
    }
    if (key.backspace || key.delete) return setDigits((d) => d.slice(0, -1));
    const typed = input.replace(/\D/g, '');
    if (typed) setDigits((d) => (d + typed).slice(0, 6));
  });
  return (
    <Box flexDirection="column">
      <Text>
        {request.purpose} needs a code from MFA device {request.serial}
      </Text>
      <Box>
        <Text bold>MFA code: </Text>
        {entered ? (
          <Text color="green">✔ entered</Text>
        ) : (
          <>
            <Text>{digits}</Text>
            <Text dimColor>{'_'.repeat(6 - digits.length)}</Text>
          </>
        )}
      </Box>
    </Box>
  );
}

/** The wizard's prompt for a code, shown while it connects (before its own screens are drawn). */
export async function askMfaCodeInk(request: MfaCodeRequest): Promise<string> {
  let answer: (code: string) => void = () => {};
  const code = new Promise<string>((resolve) => {
    answer = resolve;
  });
  const app = render(
    <MfaCodePrompt
      request={request}
      onCode={(value) => answer(value)}
      onInterrupt={() => {
        app.unmount();
        // Nothing has changed yet: stop as an interrupted wizard does.
        process.kill(process.pid, 'SIGINT');
      }}
    />,
    { exitOnCtrlC: false },
  );
  const value = await code;
  // Let React commit the "entered" frame before Ink draws its last one.
  await new Promise((resolve) => setImmediate(resolve));
  app.unmount();
  await app.waitUntilExit();
  return value;
}
