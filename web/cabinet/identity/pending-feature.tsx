import { Button, Container, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { company } from "../../../common/company.ts";
import { IconArrowLeft } from "../../ui/icons.tsx";
import { PhoneLink } from "../../ui/phone-link.tsx";

interface PendingFeatureProps {
  documentTitle: string;
  title: string;
  note: string;
}

/** A screen whose function is not connected yet: says so, offers the phone and the way back. */
export function PendingFeature({ documentTitle, title, note }: PendingFeatureProps) {
  const { t } = useTranslation("identity");
  return (
    <Container size="xs" px="md" py={{ base: "lg", sm: 48 }}>
      <title>{documentTitle}</title>
      <Stack gap="md">
        <Title order={1} ta="center">
          {title}
        </Title>
        <Text>{note}</Text>
        <PhoneLink phone={company.phones.contactCentre} withIcon size="lg" />
        <Button
          component={Link}
          to="/cabinet/sign-in"
          variant="default"
          fullWidth
          leftSection={<IconArrowLeft size={20} />}
        >
          {t("layout.backToSignIn")}
        </Button>
      </Stack>
    </Container>
  );
}
