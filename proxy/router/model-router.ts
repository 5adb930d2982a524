import type { Provider } from '../providers/provider.js';

export interface Route {
  provider: Provider;
  upstreamModel: string;
}

/** Model name → the provider that serves it and the upstream id (aliases resolved). */
export class ModelRouter {
  constructor(private readonly providers: readonly Provider[]) {}

  route(model: string): Route | null {
    for (const provider of this.providers) {
      const upstreamModel = provider.resolveModel(model);
      if (upstreamModel) return { provider, upstreamModel };
    }
    return null;
  }

  all(): readonly Provider[] {
    return this.providers;
  }
}
