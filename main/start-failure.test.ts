import { describe, expect, it } from 'vitest';
import type { SwitchboardStatusView } from '../preload/contract.js';
import { handleStartResult, portQuestion, type StartFailureDeps } from './start-failure.js';

const running = (port: number): SwitchboardStatusView => ({ state: 'running', url: `http://127.0.0.1:${port}`, port, error: null, errorCode: null });
const inUse = (port: number): SwitchboardStatusView => ({
  state: 'error',
  url: null,
  port: null,
  error: `port ${port} on 127.0.0.1 is already in use — choose another port`,
  errorCode: 'port_in_use',
});

/** The flow's world: a proxy whose ports are free or taken as the test says, and a person who answers yes or no. */
function world(options: { taken: number[]; answers: boolean[]; freePort?: (host: string, taken: number) => Promise<number> }) {
  const events: string[] = [];
  let port = 8317;
  const deps: StartFailureDeps = {
    config: () => ({ host: '127.0.0.1', port }),
    describeFailure: (status) => (status.state === 'error' ? { title: 'Switchboard could not start', message: status.error ?? '' } : null),
    findFreePort: options.freePort ?? (async (_host, taken) => taken + 1),
    askToMove: async (question) => {
      events.push(`ask: ${question.confirm}`);
      return options.answers.shift() ?? false;
    },
    showError: (failure) => events.push(`error: ${failure.title}: ${failure.message}`),
    rememberMove: (taken, to) => {
      events.push(`remember ${taken} → ${to}`);
      port = to;
    },
    start: async () => {
      events.push(`start on ${port}`);
      return options.taken.includes(port) ? inUse(port) : running(port);
    },
    afterMove: async () => {
      events.push('after move');
    },
  };
  return { deps, events };
}

describe('handleStartResult', () => {
  it('leaves a start that worked alone', async () => {
    const { deps, events } = world({ taken: [], answers: [] });
    expect(await handleStartResult(running(8317), deps)).toEqual(running(8317));
    expect(events).toEqual([]);
  });

  it('port in use: offers a free port, remembers it, starts there and follows with Claude Code', async () => {
    const { deps, events } = world({ taken: [8317], answers: [true] });
    expect(await handleStartResult(inUse(8317), deps)).toEqual(running(8318));
    expect(events).toEqual(['ask: Use port 8318', 'remember 8317 → 8318', 'start on 8318', 'after move']);
  });

  it('port in use, "Not now": changes nothing', async () => {
    const { deps, events } = world({ taken: [8317], answers: [false] });
    expect(await handleStartResult(inUse(8317), deps)).toEqual(inUse(8317));
    expect(events).toEqual(['ask: Use port 8318']);
  });

  it('asks again when the offered port was taken before the proxy got it', async () => {
    const { deps, events } = world({ taken: [8317, 8318], answers: [true, true] });
    expect(await handleStartResult(inUse(8317), deps)).toEqual(running(8319));
    expect(events).toEqual(['ask: Use port 8318', 'remember 8317 → 8318', 'start on 8318', 'ask: Use port 8319', 'remember 8318 → 8319', 'start on 8319', 'after move']);
  });

  it('says what went wrong when no free port can be found, or for any other failure', async () => {
    const noPort = world({ taken: [8317], answers: [], freePort: async () => Promise.reject(new Error('EACCES')) });
    await handleStartResult(inUse(8317), noPort.deps);
    expect(noPort.events).toEqual(['error: Switchboard could not start: port 8317 on 127.0.0.1 is already in use — choose another port']);

    const other = world({ taken: [], answers: [] });
    await handleStartResult({ state: 'error', url: null, port: null, error: 'settings: prot is not a key', errorCode: 'settings' }, other.deps);
    expect(other.events).toEqual(['error: Switchboard could not start: settings: prot is not a key']);
  });
});

describe('portQuestion', () => {
  it('names the taken port, the offered one, and the way out', () => {
    const question = portQuestion({ host: '127.0.0.1', port: 8317 }, 8318);
    expect(question.title).toBe('Port 8317 is already in use');
    expect(question.message).toBe('Another program is using port 8317 on 127.0.0.1, so Switchboard could not start.');
    expect(question.detail).toContain('port 8318');
    expect(question.detail).toContain('switchboard serve');
    expect([question.confirm, question.cancel]).toEqual(['Use port 8318', 'Not now']);
  });
});
