/**
 * A set-up step that cannot go on, with the one thing the person should do about it. Entry points print its
 * message alone (no stack trace): the message is the whole story.
 */
export class SetupError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'SetupError';
  }
}
