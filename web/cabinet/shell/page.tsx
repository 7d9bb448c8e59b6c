import { Anchor, Container, Stack, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { IconArrowLeft } from "../../ui/icons.tsx";

interface PageProps {
  /** The document title (tab, history, screen reader announcement). */
  documentTitle: string;
  /** The page's one h1. */
  title: string;
  /** The way up, for a screen inside a section: «← Профиль». */
  back?: { to: string; label: string };
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
        {back ? (
          <Anchor
            component={Link}
            to={back.to}
            fw={600}
            mb={-8}
            style={{
              display: "inline-flex",
              alignItems: "center",
              gap: 6,
              alignSelf: "flex-start",
            }}
          >
            <IconArrowLeft size={18} />
            {back.label}
          </Anchor>
        ) : null}
        <Title order={1} fz={{ base: "h2", sm: "h1" }}>
          {title}
        </Title>
        {children}
      </Stack>
    </Container>
  );
}
