/**
 * Switchboard's record of what it changed in a client's file (`<stateDir>/<client>.json`): generic over the record's
 * schema. Mode 0600 because what Switchboard wrote can include the client's key.
 */
import { rm } from 'node:fs/promises';
import type { z } from 'zod';
import { readFileIfExists, writeFileAtomically } from './file-io.js';

/** The record, or null when there is none. A record that does not match the schema is an error, never ignored. */
export async function readJsonRecord<T>(path: string, schema: z.ZodType<T>): Promise<T | null> {
  const file = await readFileIfExists(path);
  if (!file) return null;
  let json: unknown;
  try {
    json = JSON.parse(file.bytes.toString('utf8'));
  } catch (error) {
    throw new Error(`${path}: not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new Error(`${path}: ${result.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; ')}`);
  }
  return result.data;
}

export async function writeJsonRecord<T>(path: string, record: T): Promise<void> {
  await writeFileAtomically(path, `${JSON.stringify(record, null, 2)}\n`, 0o600);
}

export async function deleteJsonRecord(path: string): Promise<void> {
  await rm(path, { force: true });
}
