import { AetherError, parseYamlText } from '@aethercore/core';
import { policyDocumentSchema, type PolicyDocument } from './policy-schema.ts';

/**
 * Parses and validates a policy document (an already parsed value). Bad input gives a coded error
 * whose `path` points into the document (`actionClasses.setpoint-change.limits.rate.max`).
 */
export function parsePolicy(value: unknown): PolicyDocument {
  const r = policyDocumentSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue?.path.map(String).join('.') ?? '';
    throw new AetherError({
      code: 'policy.invalid',
      message: `Policy file is invalid${path ? ` at ${path}` : ''}: ${issue?.message ?? 'unknown problem'}.`,
      hint: 'See docs/governance.md for the policy file format.',
      path,
      details: {
        issues: r.error.issues
          .slice(0, 10)
          .map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      },
    });
  }
  return r.data;
}

/** Parses policy text (YAML, of which JSON is a subset). */
export function parsePolicyText(text: string): PolicyDocument {
  let value: unknown;
  try {
    value = parseYamlText(text);
  } catch (e) {
    throw new AetherError({
      code: 'policy.unreadable',
      message: `Policy file is not valid YAML/JSON: ${(e as Error).message}`,
      hint: 'Check indentation and quoting; JSON is accepted too.',
    });
  }
  return parsePolicy(value);
}
