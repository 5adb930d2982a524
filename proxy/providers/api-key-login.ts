import type { ApiKeyField, LoginMethod } from './catalog.js';
import type { LoginRunners } from './provider-module.js';

export interface ApiKeyLoginOptions {
  label: string;
  baseUrl: { required: boolean; placeholder: string };
  keyRequired: boolean;
}

/** The `api-key` login method of a provider whose targets are named instances: which fields it asks for. */
export function apiKeyLogin(options: ApiKeyLoginOptions): LoginMethod {
  const fields: ApiKeyField[] = [
    { name: 'instance', label: 'Name', required: true, secret: false, placeholder: 'work' },
    { name: 'base_url', label: 'Base URL', required: options.baseUrl.required, secret: false, placeholder: options.baseUrl.placeholder },
    { name: 'models', label: 'Models (comma-separated; empty: read from the server)', required: false, secret: false, placeholder: '' },
    { name: 'key', label: 'API key', required: options.keyRequired, secret: true, placeholder: '' },
  ];
  return { kind: 'api-key', id: 'api-key', label: options.label, fields };
}

/** A key is given, not logged in: no login runs (typed as the runners, so code that asks for one reads "none"). */
export const noLoginRunners: LoginRunners = {};
