import type { Target } from '../providers/provider.js';

export interface Route {
  target: Target;
  upstreamModel: string;
}

/** Model name → the target that serves it and the upstream id (aliases resolved). */
export class ModelRouter {
  constructor(private readonly targets: readonly Target[]) {}

  route(model: string): Route | null {
    for (const target of this.targets) {
      const upstreamModel = target.resolveModel(model);
      if (upstreamModel) return { target, upstreamModel };
    }
    return null;
  }

  all(): readonly Target[] {
    return this.targets;
  }
}
