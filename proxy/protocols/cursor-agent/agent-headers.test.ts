import { afterEach, describe, expect, it, vi } from 'vitest';
import { cursorAgentConfigSchema } from './agent-config.js';
import { agentHeaders } from './agent-headers.js';

const credential = { accessToken: 'token', machineId: 'machine' };

describe('x-cursor-timezone', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it("sends the machine's time zone when the config names none", () => {
    const headers = agentHeaders(cursorAgentConfigSchema.parse({}), credential, 0);
    expect(headers['x-cursor-timezone']).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('sends the configured time zone', () => {
    const headers = agentHeaders(cursorAgentConfigSchema.parse({ timeZone: 'Europe/Paris' }), credential, 0);
    expect(headers['x-cursor-timezone']).toBe('Europe/Paris');
  });

  it("asks Intl for the zone only when a run's headers are built: the question loads ICU's zone data (~8 MB)", async () => {
    const askIntl = vi.spyOn(Intl, 'DateTimeFormat');
    const { cursorAgentConfigSchema: freshSchema } = await import('./agent-config.js');
    freshSchema.parse({});
    expect(askIntl).not.toHaveBeenCalled();
  });
});
