import { type IRouter, Router } from 'express';
import { rotateOwnerKey } from '../../keys/owner-key.js';
import type { KeyRing } from '../../keys/key-ring.js';
import { ApiError } from '../api-error.js';
import { callerOf } from '../security/api-key.js';

/**
 * POST /admin/owner-key/rotate: `switchboard key rotate` from the dashboard. Only the owner key itself may
 * replace itself: an admin managed key can do much, but not lock the owner out. The new key is answered once;
 * the old one stops working at once.
 */
export function adminOwnerKeyRoutes(keys: KeyRing, dataDir: string, router: IRouter = Router()): IRouter {
  router.post('/admin/owner-key/rotate', async (_req, res) => {
    if (callerOf(res.locals)?.keyId !== 'owner') {
      throw new ApiError(403, 'permission', 'only the owner key can rotate the owner key: sign in to the dashboard with it', { code: 'owner_key_required' });
    }
    const key = await rotateOwnerKey(dataDir);
    await keys.refreshOwnerKey(true);
    res.json({ key, message: 'The old owner key no longer works. Update the clients that used it (e.g. ANTHROPIC_AUTH_TOKEN for Claude Code).' });
  });
  return router;
}
