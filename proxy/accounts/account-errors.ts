/** No account of a provider can serve a request now; the message says what the owner can do. */
export class NoUsableAccountError extends Error {
  constructor(
    readonly provider: string,
    message: string,
  ) {
    super(message);
    this.name = 'NoUsableAccountError';
  }
}
