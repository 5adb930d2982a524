/**
 * One generated request to one endpoint, and running it: send it, check the answer (answer-checks.ts), check
 * that the accounts are as they were unless the request was a valid admin change of them, and put back what a
 * valid request was allowed to change so the next case starts from the same server.
 */
import fc from 'fast-check';
import { problemsWith } from './answer-checks.js';
import { ENDPOINTS, type Endpoint, type PathParameter } from './endpoints.js';
import { adminJson, type AccountState, type AccountsSnapshot, type Caller, type FuzzStack } from './fuzz-stack.js';
import { hostileValue } from './hostile.js';
import { jsonText } from './json-text.js';
import { mutated, mutation } from './mutate.js';
import { bodyFraming, caller, frameBody, headerPlan, keyHeaders, keyPlacement, pathVariant, planHeaders, variedPath, type BodyFraming, type HeaderPlan, type KeyPlacement, type PathVariant } from './request-parts.js';
import type { Answer, FuzzRequest } from './send.js';

export interface FuzzCase {
  caller: Caller;
  keyPlacement: KeyPlacement;
  method: string;
  pathVariant: PathVariant;
  parameter: PathParameter | null;
  query: string;
  headers: HeaderPlan;
  /** The JSON value of the body; undefined: no body. */
  body: unknown;
  framing: BodyFraming;
}

/** How long a process that broke a connection may take to show that it exited (running out of memory takes a while). */
const CRASH_GRACE_MS = 15_000;

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

/** What a well-behaved client sends besides its key: JSON, and the Anthropic version header its SDK adds. */
const CLEAN_HEADERS: HeaderPlan = { contentType: 'application/json', anthropicVersion: '2023-06-01', anthropicBeta: null, origin: null, host: null, accept: null, expectContinue: false, extra: [] };

/** The callers an endpoint serves. */
function allowedCallers(endpoint: Endpoint): fc.Arbitrary<Caller> {
  if (endpoint.access === 'owner') return fc.constant('owner');
  if (endpoint.access === 'admin') return fc.constantFrom('owner', 'admin');
  return fc.constantFrom('owner', 'admin', 'client');
}

/**
 * Three kinds of case, so that valid requests reach the end of their way often enough to be checked there: a
 * valid request from an allowed caller; the same with a damaged or hostile body; and everything drawn at random
 * (caller, method, path, headers, query, body, framing).
 */
export function fuzzCase(endpoint: Endpoint): fc.Arbitrary<FuzzCase> {
  const valid = endpoint.body ?? fc.constant(undefined);
  const damaged: fc.Arbitrary<unknown> = endpoint.body
    ? fc.oneof(
        { weight: 5, arbitrary: fc.tuple(endpoint.body, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([value, changes]) => mutated(value, changes)) },
        { weight: 1, arbitrary: hostileValue },
      )
    : hostileValue;
  const clean = (body: fc.Arbitrary<unknown>): fc.Arbitrary<FuzzCase> =>
    fc.record({
      caller: allowedCallers(endpoint),
      keyPlacement,
      method: fc.constant(endpoint.method),
      pathVariant: fc.constant({ kind: 'as-is' as const }),
      parameter: endpoint.parameter ?? fc.constant(null),
      query: endpoint.query,
      headers: fc.constant(CLEAN_HEADERS),
      body,
      framing: fc.constant({ kind: 'json' as const }),
    });
  const anything = fc.record({
    caller,
    keyPlacement,
    method: fc.oneof({ weight: 20, arbitrary: fc.constant(endpoint.method) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) }),
    pathVariant,
    parameter: endpoint.parameter ?? fc.constant(null),
    query: endpoint.query,
    headers: headerPlan,
    body: fc.oneof({ weight: 1, arbitrary: valid }, { weight: 2, arbitrary: damaged }, { weight: endpoint.body ? 0 : 3, arbitrary: fc.constant(undefined) }),
    framing: bodyFraming,
  });
  return fc.oneof({ weight: 2, arbitrary: clean(valid) }, { weight: 3, arbitrary: clean(damaged) }, { weight: 4, arbitrary: anything });
}

export interface CaseResult {
  request: Omit<FuzzRequest, 'baseUrl'>;
  answer: Answer;
  problems: string[];
}

/**
 * The endpoint that serves a method and path the way Express routes them: case-insensitively, a trailing slash
 * allowed, HEAD by the GET route; null for none (a 2xx is then wrong in itself).
 */
export function routeFor(method: string, pathAndQuery: string): Endpoint | null {
  const path = pathAndQuery.split('?')[0] ?? '';
  const routed = method === 'HEAD' ? 'GET' : method;
  return ENDPOINTS.find((endpoint) => endpoint.method === routed && new RegExp(`^${endpoint.path.replace(':param', '[^/]+')}/?$`, 'i').test(path)) ?? null;
}

/** Sends the case, checks the answer and the accounts, and restores what a valid request may change. */
export async function runCase(
  stack: FuzzStack,
  endpoint: Endpoint,
  fuzz: FuzzCase,
  before: AccountsSnapshot,
): Promise<CaseResult & { after: AccountsSnapshot }> {
  const request = await requestOf(stack, endpoint, fuzz);
  // After a case that failed by troubling an account (and while fast-check shrinks it), every case starts as the first did.
  if (inTrouble(before)) {
    await stack.restoreAccounts();
    before = await stack.snapshot();
  }
  const answer = await stack.send(request);
  const route = routeFor(fuzz.method, request.path);
  const problems = problemsWith({ method: fuzz.method, path: request.path, headers: request.headers, caller: fuzz.caller, route }, answer);
  const crashed = async (within: number) => {
    const exit = await stack.exitWithin(within);
    if (exit) problems.push(`the server process ${exit}:\n${stack.logTail()}`);
    return exit !== null;
  };
  if (await crashed(answer.transportError ? CRASH_GRACE_MS : 0)) return { request, answer, problems, after: before };
  const succeeded = answer.status >= 200 && answer.status < 300 && route !== null;
  let after: AccountsSnapshot;
  try {
    if (succeeded) await undoEffect(stack, route, answer);
    after = await stack.snapshot();
    if (succeeded && route.effect === 'accounts') {
      await stack.restoreAccounts();
      after = await stack.snapshot();
    } else problems.push(...accountChanges(before, after));
  } catch (error) {
    // The server stopped answering the harness's own calls: it went down on this request.
    if (!(await crashed(CRASH_GRACE_MS))) problems.push(`the server stopped answering: ${error instanceof Error ? error.message : String(error)}`);
    return { request, answer, problems, after: before };
  }
  stack.api.requests.length = 0; // the stand-in keeps every request: not across thousands of them
  return { request, answer, problems, after };
}

async function requestOf(stack: FuzzStack, endpoint: Endpoint, fuzz: FuzzCase): Promise<Omit<FuzzRequest, 'baseUrl'>> {
  const parameter = fuzz.parameter ? await resolveParameter(stack, fuzz.parameter) : null;
  const path = variedPath(parameter === null ? endpoint.path : endpoint.path.replace(':param', parameter), fuzz.pathVariant) + fuzz.query;
  const json = fuzz.body === undefined ? null : jsonText(fuzz.body);
  const framed = frameBody(json, fuzz.framing);
  const headers = { ...planHeaders(fuzz.headers, new URL(stack.url).port), ...keyHeaders(stack.keyOf(fuzz.caller), fuzz.keyPlacement, stack.keyOf('stranger')!) };
  if (framed.charset) headers['content-type'] = `application/json; charset=${framed.charset}`;
  if (framed.contentEncoding !== null) headers['content-encoding'] = framed.contentEncoding;
  return { method: fuzz.method, path, headers, body: framed.bytes, chunked: framed.chunked };
}

async function resolveParameter(stack: FuzzStack, parameter: PathParameter): Promise<string> {
  if ('literal' in parameter) return parameter.literal;
  switch (parameter.known) {
    case 'account':
      return encodeURIComponent(stack.accountIds[0]!);
    case 'target-key':
      return stack.targetKeyId();
    case 'fresh-login': {
      const started = await stack.send(adminJson('POST', '/admin/accounts/login', stack.keyOf('owner')!, { provider: 'anthropic' }));
      if (started.status !== 201) throw new Error(`could not start a login: ${started.status} ${started.body.toString()}`);
      return (started.json() as { attemptId: string }).attemptId;
    }
  }
}

/** Puts back what a valid request changed, so the next case meets the same server. */
async function undoEffect(stack: FuzzStack, endpoint: Endpoint, answer: Answer): Promise<void> {
  if (endpoint.effect === 'owner-key') stack.ownerKeyRotated((answer.json() as { key: string }).key);
  if (endpoint.effect === 'target-key' && endpoint.method === 'DELETE') await stack.replaceTargetKey();
}

/**
 * What a request did to the accounts that it may not: any change of their files, an account appearing or going,
 * and trouble — a cooldown begun or lengthened, a login marked as needed, an error counted. (A success ending a
 * cooldown is no trouble: the pool does that by design.)
 */
export function accountChanges(before: AccountsSnapshot, after: AccountsSnapshot): string[] {
  const problems: string[] = [];
  const files = new Set([...Object.keys(before.files), ...Object.keys(after.files)]);
  for (const name of files) if (before.files[name] !== after.files[name]) problems.push(`the account file ${name} changed`);
  for (const account of after.accounts) {
    const was = before.accounts.find((candidate) => candidate.id === account.id);
    if (!was) {
      problems.push(`an account appeared: ${account.id}`);
      continue;
    }
    const changed = (field: keyof AccountState) => `account ${account.id}: ${field} went from ${JSON.stringify(was[field])} to ${JSON.stringify(account[field])}`;
    if (account.status !== was.status && account.status !== 'ready') problems.push(changed('status'));
    if (account.cooldownUntil !== null && account.cooldownUntil !== was.cooldownUntil) problems.push(changed('cooldownUntil'));
    if (account.needsLogin !== null && account.needsLogin !== was.needsLogin) problems.push(changed('needsLogin'));
    if (account.errors !== was.errors) problems.push(changed('errors'));
    if (account.lastError !== was.lastError) problems.push(changed('lastError'));
  }
  for (const account of before.accounts) if (!after.accounts.some((candidate) => candidate.id === account.id)) problems.push(`an account disappeared: ${account.id}`);
  return problems;
}

/** Whether the accounts are in trouble (cooling, needing a login, disabled): the next case must not start so. */
export function inTrouble(snapshot: AccountsSnapshot): boolean {
  return snapshot.accounts.some((account) => account.status !== 'ready' || account.cooldownUntil !== null || account.needsLogin !== null);
}

/** The request in a few lines: enough to replay it by hand. */
export function describeRequest(request: Omit<FuzzRequest, 'baseUrl'>): string {
  const body = request.body;
  const shown = body === null ? '(none)' : body.length > 600 ? `${JSON.stringify(body.subarray(0, 600).toString('utf8'))}… (${body.length} bytes)` : JSON.stringify(body.toString('utf8'));
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `  ${name}: ${value.length > 200 ? `${value.slice(0, 200)}… (${value.length} chars)` : value}`)
    .join('\n');
  const path = request.path.length > 300 ? `${request.path.slice(0, 300)}… (${request.path.length} chars)` : request.path;
  return `${request.method} ${path}${request.chunked ? ' (chunked)' : ''}\n${headers}\nbody: ${shown}`;
}
