import type { TokenProfile } from '@gatehouse/schemas';
import { Field } from '../../components/Field';
import { TOKEN_PROFILE_CHOICES, tokenProfileHint } from './token-profiles';

interface TokenProfileSelectProps {
  value: TokenProfile;
  onChange: (profile: TokenProfile) => void;
  error?: string | undefined;
  disabled?: boolean;
}

/** How tokens for the API name their scopes; the hint follows the choice. */
export function TokenProfileSelect({ value, onChange, error, disabled }: TokenProfileSelectProps) {
  return (
    <Field label="Token profile" error={error} hint={tokenProfileHint(value)}>
      {(c) => (
        <select
          {...c}
          value={value}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value as TokenProfile)}
        >
          {TOKEN_PROFILE_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
