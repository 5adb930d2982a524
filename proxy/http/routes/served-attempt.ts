import type { ProviderCredentials } from '../../accounts/account-pool.js';
import type { Route } from '../../router/model-router.js';
import type { UpstreamAttempt } from './dispatch.js';

/**
 * One target's answer to a client request, whichever way it went upstream (passed through or through the IR):
 * what the chain judges it by, and how it is served to the client once it is the one kept.
 */
export interface ServedAttempt extends UpstreamAttempt {
  /** Answers the client with it: relayed as it came, or rendered in the client's format. */
  serve(route: Route, credentials: ProviderCredentials): Promise<void>;
}

/** Makes one attempt of a client request on a route's target with an account's credentials. */
export type AttemptMaker = (route: Route, credentials: ProviderCredentials) => Promise<ServedAttempt>;
