import { Box, Text, useInput } from 'ink';
import { useMemo, useState } from 'react';
import type { MfaEnrolment as Enrolment } from '../contracts/operator.js';
import { drawQr, qrOtpauthUri, secretInGroups } from './qr-code.js';
import { checkConsecutiveCodes } from '../secrets/totp.js';
import { LineInput } from './line-input.js';
import { linesOf, type TerminalSize } from './terminal-size.js';
import { withoutControlChars } from './typed-text.js';

export interface MfaEnrolmentProps {
  readonly enrolment: Enrolment;
  readonly onCodes: (codes: readonly [string, string]) => void;
  /** The room this screen has: the terminal's width and the lines it may take. */
  readonly room: TerminalSize;
  /** The step's title line, shown when there is room for it. */
  readonly heading?: string;
  /** For tests; else the current clock. */
  readonly nowSeconds?: () => number;
}

/** A pasted pair of codes: "123456 654321" or "123456654321". */
function codePair(text: string): readonly [string, string] | undefined {
  const match = /^(\d{6})[\s,;]*(\d{6})$/.exec(text);
  return match ? [match[1] ?? '', match[2] ?? ''] : undefined;
}

/**
 * The QR code of the new device, on a screen of its own, then two consecutive codes, checked here
 * before they go anywhere: a wrong pair gets a message and another try, and AWS sees nothing. Tab
 * swaps the code for the secret in groups of four, to type by hand; a terminal too small for the
 * code shows the secret and the size the code needs. Every line is counted: the screen never
 * takes more than its room, so Ink never clears the terminal.
 */
export function MfaEnrolment({ enrolment, onCodes, room, heading, nowSeconds }: MfaEnrolmentProps) {
  const uri = qrOtpauthUri(enrolment.secret, enrolment.userName, enrolment.accountLabel);
  const qr = useMemo(() => drawQr(uri), [uri]);
  const [secretAsked, setSecretAsked] = useState(false);
  const [first, setFirst] = useState<string | undefined>();
  // AWS refused the last pair for this device: say so until a new pair is typed.
  const [error, setError] = useState<string | undefined>(enrolment.refused?.message);
  const [attempt, setAttempt] = useState(0);

  useInput((_input, key) => {
    if (key.tab) setSecretAsked((shown) => !shown);
  });

  const check = (firstCode: string, secondCode: string): void => {
    const problem = checkConsecutiveCodes(enrolment.secret, firstCode, secondCode, nowSeconds?.());
    if (problem) {
      setError(`${problem}. Try again, starting with the code the app shows now.`);
      setFirst(undefined);
      setAttempt((n) => n + 1);
      return;
    }
    onCodes([firstCode, secondCode]);
  };
  const submitFirst = (value: string): void => {
    const code = withoutControlChars(value).trim();
    const pair = codePair(code);
    if (pair) {
      check(pair[0], pair[1]);
      return;
    }
    if (!/^\d{6}$/.test(code)) {
      setError(`the first code must be exactly 6 digits (got "${code}")`);
      setAttempt((n) => n + 1);
      return;
    }
    setError(undefined);
    setFirst(code);
  };
  const submitSecond = (value: string): void => check(first ?? '', withoutControlChars(value).trim());

  const entryName = `${enrolment.accountLabel} (${enrolment.userName})`;
  const { columns } = room;
  const tab = `Tab: ${secretAsked ? 'the QR code' : 'type the secret'}.`;
  // A device replaced: whoever scanned its code has an entry of the same name that never works.
  const hint = error
    ? `✘ ${error}`
    : enrolment.replacesUnfinished
      ? `The code shown before for ${enrolment.userName} was never finished: ` +
        `delete its entry "${entryName}" from your app, then scan this one. ${tab}`
      : `Scan with an authenticator app ("${entryName}"). ${tab}`;
  const prompt =
    first === undefined ? 'First code (or both, e.g. 123456 654321): ' : `First code ${first}; second code (after the app changes): `;
  const codeLines = linesOf(`${prompt}123456 654321`, columns);
  const fixedLines = linesOf(hint, columns) + codeLines;
  const headingLines = heading ? linesOf(heading, columns) : 0;
  const qrFits = qr.width <= columns && qr.height + fixedLines <= room.rows;
  const showQr = qrFits && !secretAsked;
  const showHeading = heading !== undefined && (showQr ? qr.height : 0) + fixedLines + headingLines <= room.rows;
  const groups = secretInGroups(enrolment.secret);

  return (
    <Box flexDirection="column">
      {showHeading ? (
        <Text bold color="cyan">
          {heading}
        </Text>
      ) : null}
      {showQr ? (
        <Box flexDirection="column">
          {qr.lines.map((line, index) => (
            // Rows of a QR code repeat; their position is their identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: the row's position is its identity
            <Text key={index}>{line}</Text>
          ))}
        </Box>
      ) : (
        <Box flexDirection="column">
          {qrFits ? null : (
            <Text color="yellow">
              The QR code needs {qr.height + fixedLines} free lines and {qr.width} columns (here: {room.rows} x {columns}); enlarge the
              terminal, or type this secret:
            </Text>
          )}
          <Text>Secret (Base32, time-based, 6 digits, every 30 s):</Text>
          {groups.map((group, index) => (
            // A secret can repeat a line of groups; position is identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: the group's position is its identity
            <Text key={index} bold>
              {'  '}
              {group}
            </Text>
          ))}
        </Box>
      )}
      <Text color={error ? 'red' : enrolment.replacesUnfinished ? 'yellow' : undefined}>{hint}</Text>
      <Box key={`${first === undefined ? 'first' : 'second'}-${attempt}`}>
        <Text bold>{prompt}</Text>
        <LineInput placeholder="6 digits" onSubmit={first === undefined ? submitFirst : submitSecond} />
      </Box>
    </Box>
  );
}
