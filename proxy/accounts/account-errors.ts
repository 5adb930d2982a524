/** No account of a provider can serve a request now; the message says what the owner can do. */
export class NoUsableAccountError extends Error {
  constructor(
    readonly provider: string,
    message: string,
    /** When every remaining account is only cooling down: the moment the first one is ready again (ms epoch). */
    readonly retryAt: number | null = null,
  ) {
    super(message);
    this.name = 'NoUsableAccountError';
  }
}
