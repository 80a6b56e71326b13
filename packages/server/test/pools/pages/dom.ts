import { parse } from 'parse5';

// The rendered pages read back with a spec-compliant HTML parser: what a browser would build,
// not what a regular expression hopes to find.

export interface El {
  tag: string;
  attrs: Map<string, string>;
  children: El[];
  text: string;
}

interface P5 {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: P5[];
  value?: string;
}

function convert(node: P5): El {
  const children: El[] = [];
  let text = '';
  for (const child of node.childNodes ?? []) {
    if (child.nodeName === '#text') text += child.value ?? '';
    else if (child.tagName !== undefined) {
      const el = convert(child);
      children.push(el);
      text += el.text;
    }
  }
  return {
    tag: node.tagName ?? node.nodeName,
    attrs: new Map((node.attrs ?? []).map((a) => [a.name, a.value])),
    children,
    text,
  };
}

export function parseHtml(markup: string): El {
  return convert(parse(markup) as unknown as P5);
}

export function all(root: El, pred: (el: El) => boolean = () => true): El[] {
  const out: El[] = [];
  const walk = (el: El): void => {
    if (pred(el)) out.push(el);
    el.children.forEach(walk);
  };
  walk(root);
  return out;
}

export const byTag = (root: El, tag: string): El[] => all(root, (el) => el.tag === tag);
export const byId = (root: El, id: string): El | undefined => all(root, (el) => el.attrs.get('id') === id)[0];

/** Inputs a person fills or presses: everything but hidden inputs. */
export const controls = (root: El): El[] =>
  all(
    root,
    (el) =>
      (el.tag === 'input' && el.attrs.get('type') !== 'hidden') ||
      el.tag === 'textarea' ||
      el.tag === 'select',
  );
