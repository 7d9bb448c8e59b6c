/** A provider's refusal that trying again cannot change (a mailbox that does not exist). */
export class EmailSendError extends Error {
  override name = "EmailSendError";
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}
