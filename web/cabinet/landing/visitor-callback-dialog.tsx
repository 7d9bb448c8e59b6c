import { QueryClientProvider } from "@tanstack/react-query";
import { createQueryClient } from "../../ui/query-provider.tsx";
import { CallbackRequestForm } from "./callback-request-form.tsx";

// The landing renders outside the cabinet's data layout (its bundle stays small): the dialog,
// loaded when it is first opened, brings its own query client.
const queryClient = createQueryClient();

/** The body of the landing's «Заказать звонок» dialog. */
export function VisitorCallbackForm() {
  return (
    <QueryClientProvider client={queryClient}>
      <CallbackRequestForm source="visitor" />
    </QueryClientProvider>
  );
}
