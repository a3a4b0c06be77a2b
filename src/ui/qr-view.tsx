import { Box, Text } from 'ink';
import { terminalNeededFor, fitsIn, type QrBlock, type TerminalSize } from '../interactive/qr-code.js';

/** The QR code, or, when the terminal cannot show all of it, how big the terminal must be. */
export function QrView({ qr, terminal }: { readonly qr: QrBlock; readonly terminal: TerminalSize }) {
  if (!fitsIn(qr, terminal)) {
    const needed = terminalNeededFor(qr);
    return (
      <Box flexDirection="column">
        <Text color="yellow">
          The QR code needs a terminal of at least {needed.columns} columns x {needed.rows} rows; this one is {terminal.columns} x {terminal.rows}.
        </Text>
        <Text>Enlarge the window (the code appears as soon as it fits), or press Tab to type the secret into your app instead.</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" marginLeft={2}>
      {qr.lines.map((line, index) => (
        // Rows of a QR code repeat; their position is their identity.
        <Text key={index}>{line}</Text>
      ))}
    </Box>
  );
}
