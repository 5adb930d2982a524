import { beforeAll, describe, expect, it } from 'vitest';

import { AgentClientMessageSchema, AgentServerMessageSchema } from '../../proxy/protocols/cursor-agent/gen/agent/v1/agent_pb.js';
import { CURSOR_SDK_SKIP_REASON, cursorSdkInstalled, loadCursorSdkSchema, type SdkField, type SdkMessageType } from './cursor-sdk.js';

/**
 * Issue #17: where sources disagree on a field number, `@cursor/sdk`'s bundled schema decides. Every field our
 * .proto declares, in every message reachable from what a run sends and receives, must sit at the same number with
 * the same kind (scalar type, message, enum, map) and repetition in the SDK's schema, message within message. Our
 * names may differ (ours say what Switchboard uses a field for); our messages may declare fewer fields (the rest
 * stays unknown bytes), never other ones.
 */
/**
 * Fields declared ahead of SDK 1.0.18, each from a newer SDK's bundled schema (read, not run: 1.0.32 needs Node
 * 22.13). A field listed here that 1.0.18 also declares, or a disagreement not listed, fails the test.
 */
const AHEAD_OF_THE_SDK = ["AgentServerMessage.interaction_update.turn_ended (14).reasoning_tokens (5): the SDK's agent.v1.TurnEndedUpdate has no field 5"];

// The descriptor types of our generated code, named through it: a bare '@bufbuild/protobuf' import here could
// resolve to e2e/clients' own copy, another major version.
type DescField = (typeof AgentClientMessageSchema)['fields'][number];
type DescMessage = DescField['parent'];

type Shape = { kind: 'scalar'; scalar: number } | { kind: 'enum' } | { kind: 'message'; message: DescMessage } | { kind: 'map'; key: number; value: Shape };

function ourShape(field: DescField): { shape: Shape; repeated: boolean } {
  switch (field.fieldKind) {
    case 'scalar':
      return { shape: { kind: 'scalar', scalar: field.scalar }, repeated: false };
    case 'enum':
      return { shape: { kind: 'enum' }, repeated: false };
    case 'message':
      return { shape: { kind: 'message', message: field.message }, repeated: false };
    case 'list':
      if (field.listKind === 'scalar') return { shape: { kind: 'scalar', scalar: field.scalar }, repeated: true };
      if (field.listKind === 'enum') return { shape: { kind: 'enum' }, repeated: true };
      return { shape: { kind: 'message', message: field.message }, repeated: true };
    case 'map': {
      const value: Shape = field.mapKind === 'scalar' ? { kind: 'scalar', scalar: field.scalar } : field.mapKind === 'enum' ? { kind: 'enum' } : { kind: 'message', message: field.message };
      return { shape: { kind: 'map', key: field.mapKey, value }, repeated: false };
    }
  }
}

const describeShape = (shape: Shape): string => (shape.kind === 'scalar' ? `scalar ${shape.scalar}` : shape.kind === 'map' ? `map<${shape.key}, ${describeShape(shape.value)}>` : shape.kind === 'message' ? `message ${shape.message.typeName}` : 'enum');
const describeSdk = (field: SdkField | SdkField['V' & keyof SdkField]): string => {
  if (!field || typeof field !== 'object') return String(field);
  const value = field as { kind: string; T?: unknown; K?: number; V?: { kind: string; T?: unknown } };
  if (value.kind === 'scalar') return `scalar ${String(value.T)}`;
  if (value.kind === 'message') return `message ${(value.T as SdkMessageType).typeName}`;
  if (value.kind === 'map') return `map<${value.K}, ${value.V?.kind === 'message' ? `message ${(value.V.T as SdkMessageType).typeName}` : `${value.V?.kind} ${value.V?.kind === 'scalar' ? String(value.V.T) : ''}`.trim()}>`;
  return 'enum';
};

/** Where our message and the SDK's disagree, as readable lines; empty when every field we declare agrees. */
function disagreements(ours: DescMessage, theirs: SdkMessageType, path: string, seen = new Set<string>()): string[] {
  const key = `${ours.typeName}=${theirs.typeName}`;
  if (seen.has(key)) return [];
  seen.add(key);
  const sdkFields = new Map(theirs.fields.list().map((field) => [field.no, field]));
  const found: string[] = [];
  for (const field of ours.fields) {
    const at = `${path}.${field.name} (${field.number})`;
    const sdk = sdkFields.get(field.number);
    const { shape, repeated } = ourShape(field);
    if (!sdk) {
      found.push(`${at}: the SDK's ${theirs.typeName} has no field ${field.number}`);
      continue;
    }
    if (Boolean(sdk.repeated) !== repeated) found.push(`${at}: ${repeated ? 'repeated' : 'singular'} here, ${sdk.repeated ? 'repeated' : 'singular'} in the SDK's ${theirs.typeName}.${sdk.name}`);
    found.push(...sameShape(shape, sdk, at, `${theirs.typeName}.${sdk.name}`, seen));
  }
  return found;
}

function sameShape(shape: Shape, sdk: SdkField | NonNullable<Extract<SdkField, { kind: 'map' }>['V']>, at: string, sdkName: string, seen: Set<string>): string[] {
  const differ = [`${at}: ${describeShape(shape)} here, ${describeSdk(sdk as SdkField)} in the SDK's ${sdkName}`];
  if (shape.kind !== sdk.kind) return differ;
  if (shape.kind === 'scalar') return sdk.kind === 'scalar' && sdk.T === shape.scalar ? [] : differ;
  if (shape.kind === 'message') return sdk.kind === 'message' ? disagreements(shape.message, sdk.T, at, seen) : differ;
  if (shape.kind === 'map' && sdk.kind === 'map') return sdk.K === shape.key ? sameShape(shape.value, sdk.V, `${at} value`, sdkName, seen) : differ;
  return [];
}

describe.skipIf(!cursorSdkInstalled)("our .proto against @cursor/sdk's bundled schema", () => {
  let sdkTypes: Map<string, SdkMessageType>;

  beforeAll(async () => {
    sdkTypes = await loadCursorSdkSchema();
  }, 60_000);

  // The SDK's schema has no field that refers to the two outermost messages themselves, so the walk starts one level
  // in: at each message they carry, found in the SDK's schema by its name.
  it('still lacks the fields declared ahead of it (else they leave the list)', () => {
    const turnEnded = sdkTypes.get('agent.v1.TurnEndedUpdate');
    expect(turnEnded?.fields.list().map((field) => field.no)).not.toContain(5);
  });

  for (const root of [AgentClientMessageSchema, AgentServerMessageSchema]) {
    it(`declares every field of what ${root.name} carries where the SDK does`, () => {
      const found: string[] = [];
      for (const field of root.fields) {
        if (field.fieldKind !== 'message') continue;
        const theirs = sdkTypes.get(field.message.typeName);
        if (!theirs) {
          found.push(`${root.name}.${field.name}: the SDK's schema has no ${field.message.typeName}`);
          continue;
        }
        found.push(...disagreements(field.message, theirs, `${root.name}.${field.name}`));
      }
      expect(found.filter((line) => !AHEAD_OF_THE_SDK.includes(line))).toEqual([]);
    });
  }
});

if (!cursorSdkInstalled) console.warn(CURSOR_SDK_SKIP_REASON);
