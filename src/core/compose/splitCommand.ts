// A compose `command` written as a string is split into words as compose does (shlex, POSIX rules): spaces separate
// words, single quotes keep everything, double quotes keep spaces and honour \" \\ \$ and \`, a backslash escapes the
// next character outside quotes. No variables are expanded and nothing runs through a shell.

export function splitCommand(text: string): string[] | { readonly error: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
      continue;
    }
    if (quote === '"') {
      const next = text.charAt(i + 1);
      if (c === '"') quote = undefined;
      else if (c === '\\' && (next === '"' || next === '\\' || next === '$' || next === '`')) {
        word += next;
        i++;
      } else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text.charAt(i + 1);
      inWord = true;
      i++;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return { error: `the command has an unclosed ${quote === '"' ? 'double' : 'single'} quote` };
  if (inWord) words.push(word);
  return words;
}
