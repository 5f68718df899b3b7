/**
 * DSR cell syntax: cells are separated by tabs; a multi-value cell separates its values with `|`; a backslash
 * escapes the next character (`\\` backslash, `\|` a literal bar, `\` + tab a literal tab, `\t` tab, `\n` newline).
 * Cells are split raw (escapes kept) and unescaped only when read, so most cells cost nothing.
 */

const BACKSLASH = 92;
const TAB = 9;
const BAR = 124;

/** Splits a record line into raw cells (escape sequences kept). */
export function splitCells(line: string): string[] {
  if (line.indexOf("\\") < 0) return line.split("\t");
  const cells: string[] = [];
  let start = 0;
  for (let index = 0; index < line.length; index++) {
    const code = line.charCodeAt(index);
    if (code === BACKSLASH) index++;
    else if (code === TAB) {
      cells.push(line.slice(start, index));
      start = index + 1;
    }
  }
  cells.push(line.slice(start));
  return cells;
}

/** The text of a single-value raw cell, escapes resolved. */
export function cellText(raw: string): string {
  if (raw.indexOf("\\") < 0) return raw;
  let text = "";
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index];
    if (char !== "\\" || index === raw.length - 1) {
      text += char;
      continue;
    }
    const next = raw[++index];
    text += next === "t" ? "\t" : next === "n" ? "\n" : next;
  }
  return text;
}

/** The values of a multi-value raw cell (split at unescaped `|`), escapes resolved; an empty cell has none. */
export function cellValues(raw: string): string[] {
  if (raw === "") return [];
  if (raw.indexOf("\\") < 0) return raw.split("|");
  const values: string[] = [];
  let start = 0;
  for (let index = 0; index < raw.length; index++) {
    const code = raw.charCodeAt(index);
    if (code === BACKSLASH) index++;
    else if (code === BAR) {
      values.push(cellText(raw.slice(start, index)));
      start = index + 1;
    }
  }
  values.push(cellText(raw.slice(start)));
  return values;
}
