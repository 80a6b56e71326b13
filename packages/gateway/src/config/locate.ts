import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter } from 'yaml';

/**
 * The line of a setting in the parsed file: the line of its key when the key is there, else
 * the line of the nearest enclosing setting that is (a missing key is reported where it belongs).
 */
export function lineOf(
  doc: Document.Parsed,
  lines: LineCounter,
  path: readonly PropertyKey[],
): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === part);
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item: unknown = node.items[part];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

/** The line of `key` inside the mapping at `path` (for unknown keys). */
export function lineOfKey(
  doc: Document.Parsed,
  lines: LineCounter,
  path: readonly PropertyKey[],
  key: string,
): number | undefined {
  return lineOf(doc, lines, [...path, key]);
}

function rangeStart(node: unknown): number | undefined {
  if (node !== null && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: readonly number[] | null }).range;
    return range?.[0];
  }
  return undefined;
}
