/** Base class of the errors the emulator library throws at its callers. */
export class EmulatorError extends Error {
  override readonly name: string = 'EmulatorError';
}

/** Invalid options or control input; `message` names every offending field. */
export class EmulatorInputError extends EmulatorError {
  override readonly name = 'EmulatorInputError';

  constructor(
    readonly what: string,
    readonly details: string,
  ) {
    super(`invalid ${what}: ${details}`);
  }
}

/** A webhook with this id already exists. */
export class WebhookConflictError extends EmulatorError {
  override readonly name = 'WebhookConflictError';

  constructor(readonly webhookId: string) {
    super(`a webhook with id ${webhookId} already exists`);
  }
}

/** The port is taken by another process. */
export class EmulatorPortInUseError extends EmulatorError {
  override readonly name = 'EmulatorPortInUseError';

  constructor(
    readonly host: string,
    readonly port: number,
    options?: ErrorOptions,
  ) {
    super(`port ${port} is in use on ${host}`, options);
  }
}
