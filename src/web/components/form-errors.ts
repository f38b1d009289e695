import { ApiError } from '../api/client.ts';

/**
 * The field errors of an API answer (`details[].path`, e.g. `body.rankCode`) as antd's
 * `form.setFields` takes them, for the fields the form has: each message shows next to the field
 * it concerns; the answer's message stays in the form's error line.
 */
export function fieldErrors<K extends string>(
  e: unknown,
  fields: readonly K[],
): { name: K; errors: string[] }[] {
  if (!(e instanceof ApiError) || !e.details) return [];
  return e.details.flatMap((d) => {
    const name = d.path?.replace(/^body\./, '').split('.')[0] as K | undefined;
    return name && fields.includes(name) ? [{ name, errors: [d.message] }] : [];
  });
}
