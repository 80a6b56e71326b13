import { Field } from '../../components/Field';

export type KeySource = 'jwks' | 'jwksUri';

interface KeysFieldsProps {
  source: KeySource;
  onSource: (source: KeySource) => void;
  jwksText: string;
  onJwksText: (text: string) => void;
  jwksUri: string;
  onJwksUri: (uri: string) => void;
  error: (key: string) => string | undefined;
}

const JWKS_EXAMPLE = '{ "keys": [ { "kty": "EC", "crv": "P-256", "x": "…", "y": "…", "kid": "…" } ] }';

/** The public keys of a private_key_jwt client: pasted as a JWKS, or fetched from a URL. */
export function KeysFields(props: KeysFieldsProps) {
  const { source, onSource, jwksText, onJwksText, jwksUri, onJwksUri, error } = props;
  return (
    <fieldset className="keys-fields">
      <legend>Public keys</legend>
      <div className="radio-row">
        <label className="check">
          <input
            type="radio"
            name="key-source"
            checked={source === 'jwks'}
            onChange={() => onSource('jwks')}
          />
          <span>Paste a JWKS</span>
        </label>
        <label className="check">
          <input
            type="radio"
            name="key-source"
            checked={source === 'jwksUri'}
            onChange={() => onSource('jwksUri')}
          />
          <span>JWKS URL</span>
        </label>
      </div>
      {source === 'jwks' ? (
        <Field label="JWKS" error={error('jwks')} hint={`Public keys only, e.g. ${JWKS_EXAMPLE}`}>
          {(c) => (
            <textarea
              {...c}
              className="mono"
              rows={6}
              spellCheck={false}
              value={jwksText}
              onChange={(e) => onJwksText(e.target.value)}
            />
          )}
        </Field>
      ) : (
        <Field
          label="JWKS URL"
          error={error('jwksUri')}
          hint="Gatehouse fetches the keys from here, over https."
        >
          {(c) => (
            <input
              {...c}
              type="url"
              spellCheck={false}
              value={jwksUri}
              onChange={(e) => onJwksUri(e.target.value)}
            />
          )}
        </Field>
      )}
    </fieldset>
  );
}

/** Parses the pasted JWKS: the object, undefined when empty, or an error message. */
export function parseJwks(text: string): { value?: unknown; error?: string } {
  if (!text.trim()) return {};
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { error: 'is not valid JSON' };
  }
}
