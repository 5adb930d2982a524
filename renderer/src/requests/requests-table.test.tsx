import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RecentRequest } from './requests-api';
import { RequestsTable } from './requests-table';

const now = new Date(2026, 10, 23, 15, 0).getTime();

const row = (overrides: Partial<RecentRequest> = {}): RecentRequest => ({
  id: 1, at: new Date(2026, 10, 23, 14, 5, 9).getTime(), keyId: 'owner', accountId: 'acct', provider: 'anthropic', modelRequested: 'sonnet',
  modelServed: 'claude-sonnet-4-6', endpoint: '/v1/messages', inputTokens: 1200, outputTokens: 300, cacheReadTokens: 0, cacheWriteTokens: 0,
  reasoningTokens: null, tokensEstimated: false, latencyMs: 900, ttftMs: 200, status: 200, outcome: 'ok', error: null, costUsd: 0.01, ...overrides,
});

const render = (rows: RecentRequest[]) =>
  renderToStaticMarkup(<RequestsTable rows={rows} now={now} keyName={(id) => `key ${id}`} accountName={(id) => `account ${id}`} />);

describe('RequestsTable', () => {
  it('shows one request per row group, its time on a 24-hour clock, the model with what was asked for', () => {
    const html = render([row()]);
    expect(html.match(/<tbody/g)).toHaveLength(1);
    expect(html).toContain('>14:05:09<');
    expect(html).toContain('claude-sonnet-4-6');
    expect(html).toContain('asked for sonnet');
    expect(html).toContain('account acct');
    expect(html).not.toContain('request-error');
  });

  it('keeps each token figure whole and shows cache reads and writes apart', () => {
    const html = render([row({ cacheReadTokens: 5000, cacheWriteTokens: 12255, tokensEstimated: true })]);
    expect(html).toContain(
      '<span class="token-part">1,200 in</span> · <span class="token-part">300 out</span> · <span class="token-part">5,000 cache read</span> · <span class="token-part">12,255 cache write</span> (estimated)',
    );
  });

  it('lets an account’s e-mail wrap only before its "@" and its dots', () => {
    const html = renderToStaticMarkup(<RequestsTable rows={[row()]} now={now} keyName={(id) => id} accountName={() => 'first-last@example.com'} />);
    expect(html).toContain(
      '<td class="request-account" data-label="Account"><span class="email-piece">first-last</span><wbr/><span class="email-piece">@example</span><wbr/><span class="email-piece">.com</span></td>',
    );
  });

  it('names the target that served under the model, and the targets of the chain tried before it', () => {
    const html = render([row({ provider: 'example-key', targetsTried: ['anthropic', 'example-key'] })]);
    expect(html).toContain('<span class="request-detail muted small">/v1/messages · asked for sonnet · via example-key after anthropic</span>');
  });

  it('puts a failed request’s error in a row of its own, and says when no account was tried', () => {
    const html = render([row({ outcome: 'error', status: 403, accountId: null, modelServed: null, modelRequested: 'claude-opus-4-7', error: 'this key may not use the model' })]);
    expect(html).toMatch(/<tr class="request-error"><td colspan="8">.*Error:.*this key may not use the model/i);
    expect(html).toContain('none tried');
    expect(html).toContain('claude-opus-4-7');
    expect(html).toContain('error 403');
  });
});
