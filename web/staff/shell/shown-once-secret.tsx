import { Button, Code, CopyButton, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { type ReactNode, useEffect, useRef } from "react";

interface ShownOnceSecretProps {
  /** Prefix of the element ids (title and label). */
  id: string;
  title: string;
  /** A line under the title: whose secret it is. */
  intro?: ReactNode;
  label: string;
  secret: string;
  /** Larger, spaced letters for a password read aloud or typed by hand. */
  large?: boolean;
  testId?: string;
  copy: { label: string; done: string };
  /** Why it must be copied now. */
  note: string;
  dismiss: string;
  onDismiss: () => void;
}

/**
 * A secret the server keeps only as a hash (a temporary password, an integration token): shown
 * this once, so the box takes the focus and stays until the admin hides it.
 */
export function ShownOnceSecret({
  id,
  title,
  intro,
  label,
  secret,
  large = false,
  testId,
  copy,
  note,
  dismiss,
  onDismiss,
}: ShownOnceSecretProps) {
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    titleRef.current?.focus();
    titleRef.current?.scrollIntoView({ block: "center" });
  }, []);
  return (
    <Paper
      component="section"
      aria-labelledby={`${id}-title`}
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      bg="yellow.0"
      style={{ border: "2px solid var(--mantine-color-yellow-6)" }}
    >
      <Stack gap="sm">
        <Title order={2} fz="h3" id={`${id}-title`} ref={titleRef} tabIndex={-1}>
          {title}
        </Title>
        {intro ? <Text>{intro}</Text> : null}
        <Text fw={600} id={`${id}-label`}>
          {label}
        </Text>
        <Group gap="sm" align="center" role="group" aria-labelledby={`${id}-label`}>
          <Code
            fz={large ? "xl" : "md"}
            px="md"
            py="xs"
            bg="white"
            data-testid={testId}
            style={{
              wordBreak: "break-all",
              maxWidth: "100%",
              ...(large ? { letterSpacing: "0.06em" } : {}),
            }}
          >
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy: copyNow }) => (
              <Button variant="default" size="sm" onClick={copyNow}>
                {copied ? copy.done : copy.label}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text fw={600}>{note}</Text>
        <Group>
          <Button variant="light" size="sm" onClick={onDismiss}>
            {dismiss}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
