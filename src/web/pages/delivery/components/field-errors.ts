import type { FormInstance } from 'antd';
import { ApiError } from '../../../api/client.ts';

/** Puts the server's field messages (path `body.monthlyPlan.3`) next to the fields. */
export function showFieldErrors(form: FormInstance, e: unknown, prefix = 'body.') {
  if (!(e instanceof ApiError) || !e.details?.length) return;
  const fields = e.details
    .filter((d) => d.path?.startsWith(prefix))
    .map((d) => ({
      name: (d.path ?? '')
        .slice(prefix.length)
        .split('.')
        .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      errors: [d.message],
    }))
    .filter((f) => f.name.length && f.name[0] !== '');
  if (fields.length) form.setFields(fields as never);
}
