import { z } from 'zod';

const availableModelsAnswer = z.looseObject({
  models: z.array(z.looseObject({ name: z.string().min(1), displayName: z.string().nullish(), clientDisplayName: z.string().nullish() })),
});

/**
 * Cursor's older model list (`POST <auth-url>/aiserver.v1.AiService/AvailableModels`, JSON `{}`, Bearer; PROTOCOLS.md
 * §3 "Models"): not per region, so only used when GetUsableModels cannot be read.
 */
export async function fetchAvailableModels(options: { baseUrl: string; accessToken: string; fetch: typeof fetch; timeoutMs: number }): Promise<{ id: string; name: string }[]> {
  const response = await options.fetch(`${options.baseUrl.replace(/\/+$/, '')}/aiserver.v1.AiService/AvailableModels`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.accessToken}`, 'content-type': 'application/json', accept: 'application/json' },
    body: '{}',
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`AvailableModels answered HTTP ${response.status}`);
  }
  const parsed = availableModelsAnswer.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new Error('AvailableModels answered a body this Switchboard cannot read');
  return parsed.data.models.map((model) => ({ id: model.name, name: model.clientDisplayName || model.displayName || model.name }));
}
