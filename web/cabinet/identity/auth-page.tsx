import { Container, Stack, Title } from "@mantine/core";
import type { ReactNode } from "react";

interface AuthPageProps {
  documentTitle: string;
  title: string;
  children: ReactNode;
}

/** A narrow screen before sign-in (registration, recovery) with its one h1. */
export function AuthPage({ documentTitle, title, children }: AuthPageProps) {
  return (
    <Container size="xs" px="md" py={{ base: "lg", sm: 48 }}>
      <title>{documentTitle}</title>
      <Stack gap="lg" maw={440} mx="auto">
        <Title order={1} ta="center">
          {title}
        </Title>
        {children}
      </Stack>
    </Container>
  );
}
