import { CSRF_FIELD } from './csrf.js';
import { type FieldSpec, fieldId, renderField } from './fields.js';
import { type Html, html } from './html.js';
import { layout } from './layout.js';
import { basePath, type FormPageModel, type PagePurpose } from './model.js';

export interface FormPage {
  purpose: PagePurpose;
  title: string;
  intro?: Html;
  fields: readonly FieldSpec[];
  /** Opaque values the form carries besides the CSRF token and the pending request. */
  hidden?: Readonly<Record<string, string>>;
  submit: string;
  /** More buttons after the submit button (the first button is what Enter presses). */
  buttons?: Html;
  /** Links under the form. */
  links?: readonly { href: string; text: string }[];
}

const present = (value: string | undefined): value is string => value !== undefined && value !== '';

/**
 * Which field gets focus: the first with an error; with only a form-level error, the first
 * empty one (after a failed sign-in, the password). Without errors nothing is focused, so a
 * screen reader starts at the top of the page.
 */
function focusTarget(model: FormPageModel, fields: readonly FieldSpec[]): string | undefined {
  const editable = fields.filter((f) => !f.readonly);
  const withError = editable.find((f) => present(model.errors?.[f.name]));
  if (withError) return withError.name;
  if (!present(model.formError)) return undefined;
  const empty = editable.find((f) => f.type === 'password' || !present(model.values?.[f.name]));
  return (empty ?? editable[0])?.name;
}

/** Every error, form-level first, each field's linked to its input; errors of fields not on the page still show. */
function errorSummary(model: FormPageModel, fields: readonly FieldSpec[]): Html | undefined {
  const names = new Set(fields.map((f) => f.name));
  const fieldErrors = fields.flatMap((f) => {
    const error = model.errors?.[f.name];
    return present(error) ? [html`<li><a href="#${fieldId(f.name)}">${error}</a></li>`] : [];
  });
  const other = Object.entries(model.errors ?? {})
    .filter(([name, error]) => !names.has(name) && present(error))
    .map(([, error]) => html`<li>${error}</li>`);
  const items = [
    ...(present(model.formError) ? [html`<li>${model.formError}</li>`] : []),
    ...other,
    ...fieldErrors,
  ];
  if (items.length === 0) return undefined;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
    <h2 id="error-summary-title">There is a problem</h2>
    <ul>
      ${items}
    </ul>
  </div> `;
}

function hiddenFields(values: Readonly<Record<string, string>>): Html[] {
  return Object.entries(values).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}" /> `,
  );
}

/** A hosted page with one form: CSRF token and pending request as hidden fields, errors tied to inputs. */
export function formPage(model: FormPageModel, page: FormPage): string {
  const focus = focusTarget(model, page.fields);
  const fields = page.fields.map((f) =>
    renderField(f, {
      value: model.values?.[f.name],
      error: model.errors?.[f.name],
      autofocus: f.name === focus,
    }),
  );
  const links =
    page.links !== undefined &&
    page.links.length > 0 &&
    html`<ul class="links">
      ${page.links.map((l) => html`<li><a href="${l.href}">${l.text}</a></li> `)}
    </ul> `;
  return layout(
    model,
    page.title,
    html`<h1>${page.title}</h1>
      ${errorSummary(model, page.fields)}${present(model.notice) && html`<p class="notice" role="status">${model.notice}</p> `}${page.intro}
      <form method="post" action="${basePath(model)}/${page.purpose}" novalidate>
        <input type="hidden" name="${CSRF_FIELD}" value="${model.csrfToken}" />
        ${hiddenFields({ ...page.hidden, ...(present(model.pending) ? { pending: model.pending } : {}) })}${fields}
        <div class="actions">
          <button type="submit" class="primary">${page.submit}</button>
          ${page.buttons}
        </div>
      </form>
      ${links}`,
  );
}
