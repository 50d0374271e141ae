// A capture's id is also its folder's name in the data folder, so it may hold only characters
// that are safe in a path; every schema that names a capture uses this one rule.
import { z } from 'zod';

export const captureIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z][0-9A-Za-z_-]{0,63}$/, 'not a capture id');
