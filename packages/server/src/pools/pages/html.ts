// Every page is built with the `html` tag below, so a value is escaped unless it was itself
// built by the tag: forgetting to escape would take a deliberate `trusted(...)`.

import { escapeHtml } from '../../escape-html.js';

export { escapeHtml };

/** Markup that is already safe: the output of `html`, or a constant the code itself wrote. */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

/** Interpolations: text (escaped), markup, nothing (`undefined`, `null`, `false`), or a list of those. */
export type HtmlValue = string | number | Html | undefined | null | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** A template tag that escapes every interpolated value that is not already `Html`. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Marks a string the code wrote itself (never input) as markup. */
export function trusted(markup: string): Html {
  return new Html(markup);
}
