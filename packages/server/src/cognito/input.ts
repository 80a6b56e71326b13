import { z } from 'zod';
import { invalidParameter, serialization } from './errors.js';

/**
 * Input members as Cognito's models declare them. Unknown members are ignored, as Cognito does;
 * a member of the wrong JSON type is a SerializationException; a missing or out-of-range one is
 * an InvalidParameterException worded as Cognito words its validation errors.
 */
export function str(min = 1, max = 2048, pattern?: RegExp) {
  let schema = z.string().min(min).max(max);
  if (pattern) schema = schema.regex(pattern);
  return schema;
}

/** `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`: Cognito's pattern for user names and most free-text ids. */
export const NAME_PATTERN = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
export const CLIENT_ID_PATTERN = /^[\w+]+$/;
export const POOL_ID_PATTERN = /^[\w-]+_[0-9a-zA-Z]+$/;

export const clientIdField = () => str(1, 128, CLIENT_ID_PATTERN);
export const usernameField = () => str(1, 128, NAME_PATTERN);
/** Cognito lets any characters through here and leaves the rules to the pool's password policy. */
export const passwordField = () => str(1, 256);
export const secretHashField = () => str(1, 128).optional();
export const confirmationCodeField = () => str(1, 2048, /^[\S]+$/);
export const accessTokenField = () => str(1, 16384);

/** `[{ Name, Value }]`, Cognito's attribute lists. */
export const attributeListField = () =>
  z.array(z.object({ Name: str(1, 32, NAME_PATTERN), Value: z.string().max(2048).optional() })).max(100);

/** ClientMetadata and the like: string to string, passed to Lambda triggers in Cognito. */
export const stringMapField = () => z.record(z.string(), z.string()).optional();

/** Cognito names members in lower camel case, list entries as `<list>.<n>.member`. */
function memberPath(path: readonly PropertyKey[]): string {
  return path
    .map((part) =>
      typeof part === 'number'
        ? `${part + 1}.member`
        : String(part).charAt(0).toLowerCase() + String(part).slice(1),
    )
    .join('.');
}

/** `/^[\w+]+$/u` → `[\w+]+`, as Cognito prints its patterns. */
const bare = (pattern: string): string => pattern.replace(/^\/\^?/, '').replace(/\$?\/[a-z]*$/, '');

function constraint(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return `Member must have length greater than or equal to ${String(issue.minimum)}`;
    case 'too_big':
      return `Member must have length less than or equal to ${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.format === 'regex' && 'pattern' in issue
        ? `Member must satisfy regular expression pattern: ${bare(String(issue.pattern))}`
        : 'Member must satisfy its format';
    case 'invalid_value':
      return `Member must satisfy enum value set: [${issue.values.map(String).join(', ')}]`;
    default:
      return issue.message;
  }
}

/** `1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null`. */
function validationMessage(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, 5).map((issue) => {
    const at = memberPath(issue.path);
    // JSON has no undefined: a member without a value was not sent.
    if (issue.input === undefined) {
      return `Value null at '${at}' failed to satisfy constraint: Member must not be null`;
    }
    return `Value at '${at}' failed to satisfy constraint: ${constraint(issue)}`;
  });
  const n = issues.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}

/** Parses an operation's input, or throws the error Cognito would answer with. */
export function parseInput<I>(schema: z.ZodType<I>, body: unknown): I {
  const parsed = schema.safeParse(body, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const wrongType = issues.find(
    (issue) => (issue.code === 'invalid_type' && issue.input !== undefined) || issue.code === 'invalid_union',
  );
  if (wrongType) {
    throw serialization(`Value for '${memberPath(wrongType.path)}' is not of the expected type.`);
  }
  throw invalidParameter(validationMessage(issues));
}
