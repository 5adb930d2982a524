import { z } from 'zod';
import { MAX_NAME_LENGTH } from '../bounded-text.js';

/** Far longer than any model id or alias ("claude-sonnet-4-5-20250929[1m]" is 31 characters). */
export const MAX_MODEL_NAME_LENGTH = MAX_NAME_LENGTH;

/**
 * The `model` of a request, in every client format: a name, not a payload. It is stored in the usage ledger, logged
 * and quoted in errors, so one longer than any model could be is refused where the request is read.
 */
export const modelNameSchema = z.string().min(1).max(MAX_MODEL_NAME_LENGTH, `a model name has at most ${MAX_MODEL_NAME_LENGTH} characters`);
