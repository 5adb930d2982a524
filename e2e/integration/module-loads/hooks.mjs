/** The loader hook of register.mjs: it runs on the loader's thread and only notes each URL, loading as usual. */
import { appendFileSync } from 'node:fs';

const logFile = process.env.RECORD_MODULE_LOADS_TO;

/** @type {import('node:module').LoadHook} */
export async function load(url, context, nextLoad) {
  if (logFile) appendFileSync(logFile, `${url}\n`);
  return nextLoad(url, context);
}
