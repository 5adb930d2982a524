import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type RequestHandler } from 'express';
import { DASHBOARD_DIR } from '../paths.js';

/** Serves the built dashboard's static files, when built; they hold no data (the dashboard reads everything through the API). */
export function dashboardFiles(dir: string = DASHBOARD_DIR): RequestHandler {
  if (!existsSync(join(dir, 'index.html'))) return (_req, _res, next) => next();
  return express.static(dir, { index: 'index.html', fallthrough: true });
}
