import { Button, type ButtonProps } from "@mantine/core";
import { Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { MedcardDialog } from "./medcard-dialog.tsx";
import { type MedcardSource, ReasonDialog } from "./reason-dialog.tsx";

interface MedcardButtonProps {
  source: MedcardSource;
  /** Names the button apart from others in a list («Медкарта пациента: Иванов Иван»). */
  personName?: string;
  variant?: ButtonProps["variant"];
  size?: ButtonProps["size"];
}

/**
 * «Медкарта пациента» in a chat or beside an appeal: for doctors only (operators and admins do not
 * see medical records), asking the reason first, then showing the card.
 */
export function MedcardButton(props: MedcardButtonProps) {
  const staff = useSignedInStaff();
  if (staff.role !== "doctor") return null;
  // Its texts load with the first button; the page around it does not wait for them.
  return (
    <Suspense fallback={null}>
      <MedcardAccess {...props} />
    </Suspense>
  );
}

function MedcardAccess({ source, personName, variant = "default", size }: MedcardButtonProps) {
  const { t } = useTranslation("staffMedcard");
  const [asking, setAsking] = useState(false);
  const [cardId, setCardId] = useState<string | null>(null);
  return (
    <>
      <Button
        variant={variant}
        size={size}
        onClick={() => setAsking(true)}
        style={{ alignSelf: "flex-start" }}
        aria-label={personName ? t("medcard.openFor", { name: personName }) : undefined}
      >
        {t("medcard.open")}
      </Button>
      <ReasonDialog
        opened={asking}
        source={source}
        onCancel={() => setAsking(false)}
        onOpened={(opened) => {
          setAsking(false);
          setCardId(opened);
        }}
      />
      {cardId ? <MedcardDialog cardId={cardId} onClose={() => setCardId(null)} /> : null}
    </>
  );
}
