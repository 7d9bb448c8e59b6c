import { Container, Stack, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { BackLink, type BackTo } from "./back-link.tsx";

interface PageProps {
  /** The document title (tab, history, screen reader announcement). */
  documentTitle: string;
  /** The page's one h1. */
  title: string;
  /** The way up, for an inner screen: «← Профиль», named by the parent's title. */
  back?: BackTo;
  children: ReactNode;
}

/** A cabinet screen: sets the document title and renders the page's single h1. */
export function Page({ documentTitle, title, back, children }: PageProps) {
  return (
    <Container
      size="md"
      px={{ base: "md", sm: "lg", md: 0 }}
      py={{ base: "md", sm: "xl", md: "xs" }}
      mx={{ base: "auto", md: 0 }}
    >
      <title>{documentTitle}</title>
      <Stack gap="lg">
        {back ? <BackLink {...back} /> : null}
        <Title order={1} fz={{ base: "h2", sm: "h1" }}>
          {title}
        </Title>
        {children}
      </Stack>
    </Container>
  );
}
