import { scopeSchema } from '@gatehouse/schemas';
import { addScope } from '../../api/resource-servers';
import type { ResourceServer } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { useForm } from '../../lib/use-form';
import { issuesOf } from '../../lib/validation';

/** Adds one scope to a registered API, checked with the server's scope rules as it is typed. */
export function AddScopeForm({
  server,
  onAdded,
}: {
  server: ResourceServer;
  onAdded: (server: ResourceServer) => void;
}) {
  const form = useForm(
    { name: '', description: '' },
    (v) => {
      const errors = issuesOf(scopeSchema.safeParse(v));
      if (server.scopes.some((s) => s.name === v.name)) errors.name = `duplicate scope "${v.name}"`;
      return errors;
    },
    async (v) => onAdded(await addScope(server.id, v)),
  );
  return (
    <form onSubmit={form.onSubmit} noValidate className="inline-form" aria-label="Add a scope">
      <Field label="Scope name" error={form.error('name')}>
        {(c) => (
          <input
            {...c}
            spellCheck={false}
            autoCapitalize="off"
            value={form.values.name}
            onChange={(e) => form.set('name', e.target.value)}
          />
        )}
      </Field>
      <Field label="Scope description" error={form.error('description')}>
        {(c) => (
          <input
            {...c}
            value={form.values.description}
            onChange={(e) => form.set('description', e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="button button-primary" disabled={form.submitting}>
        Add scope
      </button>
      {form.formError ? <Alert>{form.formError}</Alert> : null}
    </form>
  );
}
