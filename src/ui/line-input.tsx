import { Text, useInput } from 'ink';
import { useRef, useState } from 'react';

export interface LineInputProps {
  readonly defaultValue?: string;
  readonly placeholder?: string;
  /** Enter, or a paste that ends in a newline: the text as it stands after every earlier key. */
  readonly onSubmit: (value: string) => void;
}

interface Line {
  readonly value: string;
  readonly cursor: number;
}

/**
 * One line of text input that applies every key of a chunk, in order. A terminal delivers a paste,
 * and keys typed faster than the screen redraws, as one chunk ("paste-co\r", "\x7f\x7f\x7f"), and
 * Ink hands a chunk of plain text to useInput as one string. @inkjs/ui's TextInput inserted such a
 * chunk whole (a carriage return included, which garbled the prompt) and answered Enter with the
 * value of the last redraw. Here the line lives in a ref, changed synchronously by each key, and
 * the state only triggers the redraw.
 */
export function LineInput({ defaultValue = '', placeholder = '', onSubmit }: LineInputProps) {
  const line = useRef<Line>({ value: defaultValue, cursor: defaultValue.length });
  const [, redraw] = useState(0);

  const set = (next: Line): void => {
    line.current = next;
    redraw((n) => n + 1);
  };
  const insert = (text: string): void => {
    const { value, cursor } = line.current;
    set({ value: value.slice(0, cursor) + text + value.slice(cursor), cursor: cursor + text.length });
  };
  const deleteBack = (): void => {
    const { value, cursor } = line.current;
    if (cursor > 0) set({ value: value.slice(0, cursor - 1) + value.slice(cursor), cursor: cursor - 1 });
  };
  const move = (by: number): void => {
    const { value, cursor } = line.current;
    set({ value, cursor: Math.min(value.length, Math.max(0, cursor + by)) });
  };

  useInput((input, key) => {
    if (key.ctrl && input === 'c') return;
    if (key.return) return onSubmit(line.current.value);
    // Ink names \x7f "delete" and \b "backspace"; terminals send either for the Backspace key.
    if (key.backspace || key.delete) return deleteBack();
    if (key.leftArrow) return move(-1);
    if (key.rightArrow) return move(1);
    if (key.upArrow || key.downArrow || key.tab || key.escape || key.pageUp || key.pageDown) return;
    if (key.home) return move(-line.current.cursor);
    if (key.end) return move(line.current.value.length);
    for (const char of input) {
      if (char === '\r' || char === '\n') {
        // A paste that ends in Enter submits what was pasted; what follows belongs to no field.
        onSubmit(line.current.value);
        return;
      }
      if (char === '\u007f' || char === '\b') deleteBack();
      else if (char >= ' ') insert(char);
    }
  });

  const { value, cursor } = line.current;
  if (value === '') {
    return placeholder ? (
      <Text>
        <Text inverse>{placeholder[0]}</Text>
        <Text dimColor>{placeholder.slice(1)}</Text>
      </Text>
    ) : (
      <Text inverse> </Text>
    );
  }
  return (
    <Text>
      {value.slice(0, cursor)}
      <Text inverse>{value[cursor] ?? ' '}</Text>
      {value.slice(cursor + 1)}
    </Text>
  );
}
