import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter } from 'yaml';

/**
 * The line of a dotted path (`clients.2.scopes.1`) in a parsed file: the line of its key or
 * item when it is there, else of the nearest enclosing one that is, so a missing key is
 * reported where it belongs.
 */
export function lineOf(doc: Document.Parsed, lines: LineCounter, path: string): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const part of path === '' ? [] : path.split('.')) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === part,
      );
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(part)) {
      const item: unknown = node.items[Number(part)];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

function rangeStart(node: unknown): number | undefined {
  if (node !== null && typeof node === 'object' && 'range' in node) {
    return (node as { range?: readonly number[] | null }).range?.[0];
  }
  return undefined;
}
