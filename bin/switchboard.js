#!/usr/bin/env node
// The `switchboard` command once built (`npm run build`); during development `npm run switchboard -- …` runs the source.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/proxy/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('switchboard: not built yet — run `npm run build`, or use `npm run switchboard -- <command>`\n');
  process.exit(1);
}
await import(cli.href);
