import type { Command } from 'commander';
import { TokenStore } from '../accounts/token-store.js';
import { accountParts, providerModules } from '../providers/index.js';
import { addKeyInstance, apiKeyFields } from '../providers/add-key-instance.js';
import type { ProviderModule } from '../providers/provider-module.js';
import { loadCliConfig, say } from './context.js';

/** Providers `switchboard add` knows: those whose module takes API keys. */
const KEY_PROVIDERS: readonly ProviderModule[] = providerModules.filter((module) => apiKeyFields(module) !== null);

interface AddOptions {
  baseUrl?: string;
  models?: string;
  /** False with --no-key: a local server that takes none. */
  key: boolean;
}

/** `switchboard add <provider> <name> [--base-url …] [--models …] [--no-key]`: the key from stdin or a prompt, never argv. */
export function registerAddCommand(program: Command): void {
  program
    .command('add')
    .description('add an API key as a named target (e.g. openai-key personal), saved in auth-dir; the key is read from standard input')
    .argument('<provider>', `the provider (${KEY_PROVIDERS.map((module) => module.id).join(', ')})`)
    .argument('<name>', 'the instance\'s name: the target is "<provider>:<name>"')
    .option('--base-url <url>', 'the API\'s base URL (OpenAI-compatible: including /v1)')
    .option('--models <list>', 'the models it serves, comma-separated (default: read from its model list)')
    .option('--no-key', 'the endpoint takes no key (a local server such as Ollama)')
    .action(async (provider: string, name: string, options: AddOptions, command: Command) => {
      const module = KEY_PROVIDERS.find((candidate) => candidate.id === provider);
      if (!module) throw new Error(`unknown provider "${provider}": API-key providers are ${KEY_PROVIDERS.map((candidate) => candidate.id).join(', ')}`);
      const { config } = loadCliConfig(command);
      const key = options.key ? await readKey(`${module.displayName} key for "${name}": `) : undefined;
      const store = new TokenStore(config['auth-dir'], { parts: accountParts });
      const account = await addKeyInstance(store, module, { instance: name, base_url: options.baseUrl, models: options.models, key });
      say(`Added ${provider}:${name}.\nKey file: ${account.path}\nA running Switchboard serves it at once.`);
    });
}

/** The key: typed at a prompt that does not echo it, or the first line of piped standard input. */
async function readKey(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) text += String(chunk);
    const key = text.split(/\r?\n/)[0]?.trim() ?? '';
    if (!key) throw new Error('no key on standard input: pipe it in (e.g. `… < key.txt`) or run in a terminal to be asked');
    return key;
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let key = '';
      stdin.on('data', (chunk: Buffer) => {
        for (const char of chunk.toString('utf8')) {
          if (char === '\r' || char === '\n') return resolve(key.trim());
          if (char === '\u0003') return reject(new Error('cancelled'));
          key = char === '\u007f' ? key.slice(0, -1) : key + char;
        }
      });
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}
