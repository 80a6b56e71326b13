import { SIGNING_ALGS, type SigningAlg } from '@gatehouse/schemas';
import type { ReactNode } from 'react';
import { Field } from '../../components/Field';

interface SigningAlgSelectProps {
  value: SigningAlg;
  onChange: (alg: SigningAlg) => void;
  error?: string | undefined;
  hint?: ReactNode;
}

/** The algorithm that signs an API's tokens, for the new-API and edit forms. */
export function SigningAlgSelect({ value, onChange, error, hint }: SigningAlgSelectProps) {
  return (
    <Field label="Signing algorithm" error={error} hint={hint}>
      {(c) => (
        <select {...c} value={value} onChange={(e) => onChange(e.target.value as SigningAlg)}>
          {SIGNING_ALGS.map((alg) => (
            <option key={alg} value={alg}>
              {alg}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
