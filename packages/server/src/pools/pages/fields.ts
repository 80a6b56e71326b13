import { type Html, html } from './html.js';

/** One input of a form. Attributes follow what password managers and phones key on. */
export interface FieldSpec {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'tel' | 'date' | 'url' | 'textarea';
  autocomplete?: string;
  hint?: string;
  optional?: boolean;
  readonly?: boolean;
  inputmode?: 'numeric' | 'email' | 'tel' | 'url';
  pattern?: string;
  minlength?: number;
  maxlength?: number;
  /** Safari's password generator reads this. */
  passwordrules?: string;
  /** For usernames, emails and codes: no capitals, corrections or spell-check underlines. */
  verbatim?: boolean;
  className?: string;
}

export interface FieldState {
  value: string | undefined;
  error: string | undefined;
  autofocus: boolean;
}

/** An element id for a field name: letters, digits and `-` pass, the rest as `_xx` hex, so two names never share one. */
export function fieldId(name: string): string {
  return `field-${name.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}

export function renderField(field: FieldSpec, state: FieldState): Html {
  const id = fieldId(field.name);
  const hintId = field.hint !== undefined ? `${id}-hint` : undefined;
  const errorId = state.error !== undefined ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter((x) => x !== undefined).join(' ');
  // A password is never sent back to the browser, whatever the model holds.
  const value = field.type === 'password' ? undefined : state.value;
  const attributes = html`id="${id}"
  name="${field.name}"${
    field.autocomplete !== undefined && html` autocomplete="${field.autocomplete}"`
  }${!field.optional && html` required`}${field.readonly && html` readonly`}${
    field.inputmode !== undefined && html` inputmode="${field.inputmode}"`
  }${field.pattern !== undefined && html` pattern="${field.pattern}"`}${
    field.minlength !== undefined && html` minlength="${field.minlength}"`
  }${field.maxlength !== undefined && html` maxlength="${field.maxlength}"`}${
    field.passwordrules !== undefined && html` passwordrules="${field.passwordrules}"`
  }${field.verbatim && html` autocapitalize="none" autocorrect="off" spellcheck="false"`}${
    field.className !== undefined && html` class="${field.className}"`
  }${describedBy !== '' && html` aria-describedby="${describedBy}"`}${
    errorId !== undefined && html` aria-invalid="true"`
  }${state.autofocus && html` autofocus`}`;
  const control =
    field.type === 'textarea'
      ? html`<textarea ${attributes} rows="3">${value ?? ''}</textarea>`
      : html`<input
          type="${field.type ?? 'text'}"
          ${attributes}${value !== undefined && html` value="${value}"`}
        />`;
  return html`<div class="field">
    <label for="${id}"
      >${field.label}${field.optional && html` <span class="optional">(optional)</span>`}</label
    >
    ${hintId !== undefined && html`<span class="hint" id="${hintId}">${field.hint}</span> `}${
      errorId !== undefined &&
      html`<span class="field-error" id="${errorId}"
        ><span class="visually-hidden">Error: </span>${state.error}</span
      > `
    }${control}
  </div> `;
}
