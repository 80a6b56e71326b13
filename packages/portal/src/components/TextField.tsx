import type { ChangeEvent, InputHTMLAttributes, ReactNode } from 'react';
import type { Form } from '../lib/use-form';
import { Field } from './Field';

type TextKey<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;

type InputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'form' | 'name' | 'value' | 'onChange' | 'onBlur' | 'children'
> & { 'data-autofocus'?: boolean };

interface TextFieldProps<V, K extends TextKey<V>> extends InputProps {
  form: Form<V>;
  name: K;
  label: ReactNode;
  hint?: ReactNode;
  /** The path the schema reports errors under, when the form keeps the value in another shape. */
  errorKey?: string;
  /**
   * When to judge the value: as it is typed, only once the person leaves the field (a password
   * is too short until it is finished), or both.
   */
  check?: 'typing' | 'blur' | 'both';
  /** A multi-line text of this many rows. */
  rows?: number;
}

/** A text field bound to one value of a form: its label, hint, error and when it is judged. */
export function TextField<V extends object, K extends TextKey<V>>({
  form,
  name,
  label,
  hint,
  errorKey = name,
  check = 'typing',
  rows,
  ...input
}: TextFieldProps<V, K>) {
  const bound = {
    value: form.values[name] as string,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      form.set(name, e.target.value as V[K], check === 'blur' ? false : errorKey),
    ...(check === 'typing' ? {} : { onBlur: () => form.touch(errorKey) }),
  };
  return (
    <Field label={label} error={form.error(errorKey)} hint={hint}>
      {(c) => (rows ? <textarea {...c} {...bound} rows={rows} /> : <input {...input} {...c} {...bound} />)}
    </Field>
  );
}
