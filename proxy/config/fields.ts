import { z } from 'zod';

/** Config fields that the main schema and the provider modules' own sections share. */

export const httpUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: 'must be an http:// or https:// URL',
  });

/** How requests are spread over a target's accounts. */
export const selectionStrategies = ['sticky', 'round-robin', 'fill-first', 'drain-soonest'] as const;
