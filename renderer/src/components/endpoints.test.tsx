import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Endpoints } from './endpoints';

describe('Endpoints', () => {
  it('gives Anthropic clients the server and OpenAI clients its /v1, each named', () => {
    const html = renderToStaticMarkup(<Endpoints endpoint="http://127.0.0.1:8317/" />);
    expect(html).toMatch(/Anthropic clients.*aria-label="Base URL for Anthropic clients">http:\/\/127\.0\.0\.1:8317</);
    expect(html).toMatch(/OpenAI clients.*aria-label="Base URL for OpenAI clients">http:\/\/127\.0\.0\.1:8317\/v1</);
  });

  it('says when there is no address yet', () => {
    expect(renderToStaticMarkup(<Endpoints endpoint={null} />)).toContain('once the proxy is running');
  });
});
