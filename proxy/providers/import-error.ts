/** An importer found nothing to import (no login of that tool on this machine); the message says where it looked. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}
