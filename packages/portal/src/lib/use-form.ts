import { type FormEvent, useCallback, useMemo, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api/error';
import { errorFor, type FieldErrors, related, serverIssues } from './validation';

export interface Form<V> {
  values: V;
  /**
   * Sets a field; `touchKey` names the exact part edited (`scopes.2.name`), or is false to wait for
   * blur before judging (a password is too short until it is finished).
   */
  set: <K extends keyof V>(key: K, value: V[K], touchKey?: string | false) => void;
  touch: (key: string) => void;
  /** The message to show next to a field now: the server's, else ours once the field was edited. */
  error: (key: string) => string | undefined;
  /** A sentence for the whole form (a 403, a 409, a network failure). */
  formError: string | null;
  submitting: boolean;
  valid: boolean;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
}

/**
 * Validates as the person types with the server's own schema, and shows the server's 422 issues
 * next to the same fields. `submit` runs only when the values pass.
 */
export function useForm<V extends object>(
  initial: V,
  validate: (values: V) => FieldErrors,
  submit: (values: V) => Promise<void>,
): Form<V> {
  const [values, setValues] = useState(initial);
  const [touched, setTouched] = useState<string[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement | null>(null);

  const errors = useMemo(() => validate(values), [validate, values]);
  const valid = Object.keys(errors).length === 0;

  const touch = useCallback((key: string) => setTouched((t) => (t.includes(key) ? t : [...t, key])), []);

  const set = useCallback(
    <K extends keyof V>(key: K, value: V[K], touchKey?: string | false) => {
      setValues((v) => ({ ...v, [key]: value }));
      if (touchKey !== false) touch(touchKey ?? String(key));
      setServer((s) => Object.fromEntries(Object.entries(s).filter(([p]) => !related(p, String(key)))));
    },
    [touch],
  );

  const error = (key: string) => {
    const fromServer = errorFor(server, key);
    if (fromServer) return fromServer;
    if (!submitted && !touched.some((t) => related(t, key))) return undefined;
    return errorFor(errors, key);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    formRef.current = event.currentTarget;
    setSubmitted(true);
    setFormError(null);
    if (!valid) {
      focusFirstInvalid(event.currentTarget);
      return;
    }
    setSubmitting(true);
    submit(values)
      .catch((caught: unknown) => {
        if (caught instanceof ApiError && caught.issues.length > 0) {
          setServer(serverIssues(caught.issues));
          setFormError(caught.message);
          if (formRef.current) focusFirstInvalid(formRef.current);
        } else {
          setFormError(errorMessage(caught));
        }
      })
      .finally(() => setSubmitting(false));
  };

  return { values, set, touch, error, formError, submitting, valid, onSubmit };
}

function focusFirstInvalid(form: HTMLFormElement): void {
  // After React has rendered the messages, so the field's description is read out with it.
  window.setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
}
