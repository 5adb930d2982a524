/**
 * Cursor's official `@cursor/sdk` as the client tests load it: a test client for the Cursor stand-in, never a
 * dependency of the app. It lives in its own folder, e2e/cursor-sdk (pinned by its lockfile: 1.0.18, the newest that
 * runs on Node 20), installed with `npm ci --prefix e2e/cursor-sdk`; without it the tests that use it are skipped.
 *
 * The SDK reads `CURSOR_BACKEND_URL` and keeps its agents under the home directory: `useCursorSdk` points both at
 * the test's own before it loads the SDK.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SDK_ENTRY = join(dirname(fileURLToPath(import.meta.url)), '..', 'cursor-sdk', 'node_modules', '@cursor', 'sdk', 'dist', 'esm', 'index.js');
// CI installs it (.ci/run): there a missing SDK fails the tests instead of skipping them.
export const cursorSdkInstalled = existsSync(SDK_ENTRY) || Boolean(process.env.CI);
export const CURSOR_SDK_SKIP_REASON = '@cursor/sdk is not installed in e2e/cursor-sdk: run `npm ci --prefix e2e/cursor-sdk` to run these tests';

/** The part of the SDK's API the tests use (its own typings live in the folder the tests may run without). */
export type SdkJson = string | number | boolean | null | SdkJson[] | { [key: string]: SdkJson };

export interface SdkCustomTool {
  description?: string;
  inputSchema?: Record<string, SdkJson>;
  execute: (args: Record<string, SdkJson>, context: { toolCallId?: string }) => unknown;
}

export interface SdkRun {
  wait(): Promise<{ status: 'finished' | 'error' | 'cancelled'; result?: string }>;
}

export interface SdkAgent {
  readonly agentId: string;
  send(message: string): Promise<SdkRun>;
  close(): void;
}

export interface CursorSdk {
  Agent: {
    create(options: { apiKey: string; model: { id: string }; local: { cwd: string; customTools?: Record<string, SdkCustomTool> } }): Promise<SdkAgent>;
  };
}

/** Loads the SDK for a backend and a home directory of the test's (the SDK reads both from the environment). */
export async function useCursorSdk(backendUrl: string, home: string): Promise<CursorSdk> {
  process.env.CURSOR_BACKEND_URL = backendUrl;
  process.env.HOME = home;
  return (await import(pathToFileURL(SDK_ENTRY).href)) as CursorSdk;
}

/** A message type of the SDK's bundled schema (protobuf-es 1's runtime shape), as far as field numbers go. */
export interface SdkMessageType {
  typeName: string;
  fields: { list(): SdkField[] };
}

export type SdkField = { no: number; name: string; repeated?: boolean } & (
  | { kind: 'scalar'; T: number }
  | { kind: 'enum'; T: unknown }
  | { kind: 'message'; T: SdkMessageType }
  | { kind: 'map'; K: number; V: { kind: 'scalar'; T: number } | { kind: 'enum'; T: unknown } | { kind: 'message'; T: SdkMessageType } }
);

/**
 * Every message type of the SDK's bundled schema that some field refers to, by name. The schema is generated code
 * inside the SDK's bundle, declared through its copy of @bufbuild/protobuf 1: the field lists it declares while it
 * loads are collected (this must run before anything else in the process loads the SDK).
 */
export async function loadCursorSdkSchema(): Promise<Map<string, SdkMessageType>> {
  const runtimeEntry = join(dirname(SDK_ENTRY), '..', '..', '..', '..', '@bufbuild', 'protobuf', 'dist', 'esm', 'index.js');
  const runtime = (await import(pathToFileURL(runtimeEntry).href)) as { proto3: { util: { newFieldList: (fields: unknown) => { list(): SdkField[] } } } };
  const declared: { list(): SdkField[] }[] = [];
  const newFieldList = runtime.proto3.util.newFieldList;
  runtime.proto3.util.newFieldList = (fields) => {
    const list = newFieldList(fields);
    declared.push(list);
    return list;
  };
  try {
    await import(pathToFileURL(SDK_ENTRY).href);
  } finally {
    runtime.proto3.util.newFieldList = newFieldList;
  }
  const types = new Map<string, SdkMessageType>();
  for (const list of declared) {
    for (const field of list.list()) {
      if (field.kind === 'message') types.set(field.T.typeName, field.T);
      if (field.kind === 'map' && field.V.kind === 'message') types.set(field.V.T.typeName, field.V.T);
    }
  }
  return types;
}
