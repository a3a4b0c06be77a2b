import { TextInput } from '@inkjs/ui';
import { Box, Text, useInput, useStdout } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import type { MfaEnrolment as Enrolment } from '../operator.js';
import { drawQr, type TerminalSize } from '../interactive/qr-code.js';
import { checkConsecutiveCodes } from '../totp.js';
import { QrView } from './qr-view.js';
import { withoutControlChars } from './typed-text.js';

export interface MfaEnrolmentProps {
  readonly enrolment: Enrolment;
  readonly onCodes: (codes: readonly [string, string]) => void;
  /** For tests; else the current clock. */
  readonly nowSeconds?: () => number;
}

function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

/**
 * The QR code of the new device, the secret on request (Tab), then two consecutive codes, checked
 * here before they go anywhere: a wrong pair gets a message and another try, and AWS sees nothing.
 */
export function MfaEnrolment({ enrolment, onCodes, nowSeconds }: MfaEnrolmentProps) {
  const qr = useMemo(() => drawQr(enrolment.uri), [enrolment.uri]);
  const terminal = useTerminalSize();
  const [showSecret, setShowSecret] = useState(false);
  const [first, setFirst] = useState<string | undefined>();
  // AWS refused the last pair for this device: say so until a new pair is typed.
  const [error, setError] = useState<string | undefined>(enrolment.refused?.message);
  const [attempt, setAttempt] = useState(0);

  useInput((_input, key) => {
    if (key.tab) setShowSecret((shown) => !shown);
  });

  const submitFirst = (value: string): void => {
    const code = withoutControlChars(value).trim();
    if (!/^\d{6}$/.test(code)) {
      setError(`the first code must be exactly 6 digits (got "${code}")`);
      setAttempt((n) => n + 1);
      return;
    }
    setError(undefined);
    setFirst(code);
  };
  const submitSecond = (value: string): void => {
    const second = withoutControlChars(value).trim();
    const problem = checkConsecutiveCodes(enrolment.secret, first ?? '', second, nowSeconds?.());
    if (problem) {
      setError(`${problem}. Try again, starting with the code the app shows now.`);
      setFirst(undefined);
      setAttempt((n) => n + 1);
      return;
    }
    onCodes([first ?? '', second]);
  };

  return (
    <Box flexDirection="column">
      <Text>Scan this code with an authenticator app (it shows as "{appLabel(enrolment.uri)}"). Tab: {showSecret ? 'hide' : 'show'} the secret.</Text>
      <QrView qr={qr} terminal={terminal} />
      {showSecret ? <Text>Secret (Base32, time-based, 6 digits, 30 s): <Text bold>{enrolment.secret}</Text></Text> : null}
      {error ? <Text color="red">✘ {error}</Text> : null}
      {first === undefined ? (
        <Box key={`first-${attempt}`}>
          <Text bold>First code: </Text>
          <TextInput placeholder="6 digits" onSubmit={submitFirst} />
        </Box>
      ) : (
        <Box flexDirection="column" key={`second-${attempt}`}>
          <Text>First code: {first}</Text>
          <Box>
            <Text bold>Second code (the next one, once the app changes): </Text>
            <TextInput placeholder="6 digits" onSubmit={submitSecond} />
          </Box>
        </Box>
      )}
    </Box>
  );
}

/** The name an authenticator app shows for the entry: issuer and label from the URI. */
function appLabel(uri: string): string {
  const label = decodeURIComponent(new URL(uri).pathname.replace(/^\/+/, ''));
  const [issuer, account] = label.includes(':') ? label.split(':', 2) : [undefined, label];
  return issuer ? `${issuer} (${account})` : label;
}
