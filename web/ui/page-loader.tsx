import { Center, Loader } from "@mantine/core";

/** A centred spinner with a name a screen reader announces. */
export function PageLoader({ label }: { label: string }) {
  return (
    <Center mih="60dvh" role="status" aria-live="polite">
      <Loader aria-hidden="true" />
      <span className="visually-hidden">{label}</span>
    </Center>
  );
}
