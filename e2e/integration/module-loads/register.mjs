/**
 * `node --import ./e2e/integration/module-loads/register.mjs …`: the process writes the URL of every module it loads
 * (ES modules, and the entry files of CommonJS packages imported from them) to the file RECORD_MODULE_LOADS_TO
 * names, one a line, so a test can see which stacks a running server has loaded.
 */
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
