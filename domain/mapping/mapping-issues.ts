import type { z } from 'zod';
import { closestMatch } from './edit-distance';
import type { MappingIssue } from './mapping-error';

/** Objects whose keys are user text (header names, raw values, field names): shown as ["key"]. */
const RECORD_PARENTS = new Set(['columns', 'values', 'defaults']);

/** `columns["Razón social"].transform[1].replace.pattern`; the root is "(mapping)". */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  path.forEach((segment, i) => {
    const parent = i > 0 ? path[i - 1] : undefined;
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof parent === 'string' && RECORD_PARENTS.has(parent)) text += `[${JSON.stringify(String(segment))}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(segment))) text += `${text === '' ? '' : '.'}${String(segment)}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  });
  return text === '' ? '(mapping)' : text;
}

/**
 * zod issues → MappingIssues with readable paths and messages. Unions are unwrapped to the branch
 * the input was aiming at (the one that did not fail on the value's type), so a typo inside an
 * object reports the typo rather than "Invalid input".
 */
export function toMappingIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  allowedKeysAt: (path: readonly PropertyKey[]) => readonly string[] | undefined,
  prefix: readonly PropertyKey[] = [],
): MappingIssue[] {
  return issues.flatMap((issue): MappingIssue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const aimed = issue.errors.filter((branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
      if (aimed.length === 1 && aimed[0]) return toMappingIssues(aimed[0], input, allowedKeysAt, path);
      return [{ path: formatIssuePath(path), message: issue.message }];
    }
    if (issue.code === 'invalid_key') {
      return [{ path: formatIssuePath(path), message: issue.issues.map((inner) => inner.message).join('; ') }];
    }
    if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && valueAt(input, path) === undefined) {
      const expected = issue.code === 'invalid_type' ? issue.expected : issue.values.map((value) => JSON.stringify(value)).join(' or ');
      return [{ path: formatIssuePath(path), message: `required (${expected})` }];
    }
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(path) ?? [];
      return issue.keys.map((key) => {
        const hint = closestMatch(key, allowed);
        const message = hint ? `unknown key (did you mean "${hint}"?)` : `unknown key (allowed: ${allowed.join(', ')})`;
        return { path: formatIssuePath([...path, key]), message };
      });
    }
    return [{ path: formatIssuePath(path), message: issue.message }];
  });
}

/** Every own "__proto__" key in a JSON value: JSON.parse keeps them, but they are unsafe downstream. */
export function reservedKeyIssues(json: unknown, path: PropertyKey[] = []): MappingIssue[] {
  if (json === null || typeof json !== 'object') return [];
  if (Array.isArray(json)) return json.flatMap((item, i) => reservedKeyIssues(item, [...path, i]));
  return Object.keys(json).flatMap((key) =>
    key === '__proto__'
      ? [{ path: formatIssuePath([...path, key]), message: '"__proto__" is reserved and cannot be used as a key; leave the column unmapped (it is kept as an extra)' }]
      : reservedKeyIssues((json as Record<string, unknown>)[key], [...path, key]),
  );
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}
