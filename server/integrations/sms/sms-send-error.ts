/**
 * A provider's refusal to take a message. `permanent` means that trying again cannot help (a number
 * the gateway will never deliver to, say), so the job drops the message instead of retrying it.
 */
export class SmsSendError extends Error {
  override name = "SmsSendError";
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}
