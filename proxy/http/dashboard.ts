import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type RequestHandler } from 'express';
import { DASHBOARD_DIR } from '../paths.js';

/**
 * The API's paths, as Express routes them (case-insensitively): never looked up as files, so however they are
 * encoded (`/admin/usage%2F..%2F..` decodes to the root) they reach the key check and the routes.
 */
const API_PATH = /^\/(v1|admin)(\/|$)/i;

/**
 * Serves the built dashboard's static files, when built; they hold no data (the dashboard reads everything through
 * the API). Only files: a directory is not redirected to its slash-ended name (an HTML answer to a JSON client) but
 * passed on, to the routes and the JSON 404.
 */
export function dashboardFiles(dir: string = DASHBOARD_DIR): RequestHandler {
  if (!existsSync(join(dir, 'index.html'))) return (_req, _res, next) => next();
  const files = express.static(dir, { index: 'index.html', redirect: false, fallthrough: true });
  return (req, res, next) => (API_PATH.test(req.path) ? next() : files(req, res, next));
}
