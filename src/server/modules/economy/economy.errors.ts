import { fieldError } from '../../lib/errors.ts';

/** A dictionary entry the body names (a department, a domain, a role type) that the dictionary lacks. */
export const notInDict = (field: string, message: string) =>
  fieldError(field, message, 'ECONOMY_UNKNOWN_DICT_ITEM');
