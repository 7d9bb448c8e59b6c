import { Paper, Stack, Text, ThemeIcon, Title, type TitleOrder } from "@mantine/core";
import type { ReactNode } from "react";

interface EmptyStateProps {
  icon: ReactNode;
  title: string;
  description: ReactNode;
  /** Heading level of the title; the page's own h1 usually sits above. */
  order?: TitleOrder;
  children?: ReactNode;
}

/** What a screen shows before there is anything on it: what will appear here, and when. */
export function EmptyState({ icon, title, description, order = 2, children }: EmptyStateProps) {
  return (
    <Paper withBorder radius="lg" p={{ base: "lg", sm: "xl" }}>
      <Stack align="center" gap="sm" ta="center">
        <ThemeIcon size={56} radius="xl" variant="light">
          {icon}
        </ThemeIcon>
        <Title order={order} fz="h3">
          {title}
        </Title>
        <Text c="dimmed" maw={520}>
          {description}
        </Text>
        {children}
      </Stack>
    </Paper>
  );
}
