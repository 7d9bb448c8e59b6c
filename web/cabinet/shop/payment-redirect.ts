/**
 * Leaves the cabinet for the payment provider's page (the sandbox's own /sandbox-pay/<id> or
 * ЮKassa's); the provider sends the browser back to /cabinet/orders/<id>/return. A module of its
 * own so that component tests can stand in for the navigation.
 */
export function goToPayment(confirmationUrl: string): void {
  window.location.assign(confirmationUrl);
}
