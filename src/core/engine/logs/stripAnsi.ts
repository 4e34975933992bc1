// Terminal colour and cursor codes mean nothing in an output channel: they would show as garbage like `[31m`.

const ESC = '\u001b';
const BEL = '\u0007';
// CSI (`ESC [ params intermediates final`: colours, cursor moves, erase), OSC (`ESC ] … BEL` or `ESC ] … ESC \`:
// titles, hyperlinks; an unterminated one runs to the end of the line), charset selection (`ESC ( B`) and the other
// two-byte escapes (`ESC =`, `ESC M`, `ESC 7`). The 8-bit C1 CSI (0x9b) is left alone: in UTF-8 text it is a
// continuation byte, not a control. Built from a string because a regex literal would have to spell control characters.
const ANSI = new RegExp(`${ESC}(?:\\[[0-?]*[ -/]*[@-~]|\\][^${BEL}${ESC}]*(?:${BEL}|${ESC}\\\\|$)|[()*+][0-~]|[0-~])`, 'g');

/** `text` without ANSI escape sequences; returns `text` itself when it holds no ESC (the common case). */
export function stripAnsi(text: string): string {
  return text.includes(ESC) ? text.replace(ANSI, '') : text;
}
