import { useTranslation } from "react-i18next";
import type { ContractKind } from "../../../common/contracts/contracts.schema.ts";
import { type BackTo, useBackTo } from "../shell/back-link.tsx";

/** The title of a contract's page: «Описание сертификата» or «Описание полиса ДМС». */
export function useContractTitle(kind: ContractKind | undefined): string {
  const { t } = useTranslation("contracts");
  return t(kind === "dms_policy" ? "detail.policyTitle" : "detail.certificateTitle");
}

/**
 * The parent of a screen under a contract («Перезвонить мне», «Печать», …): where it was opened
 * from, else the contract's page, named by its title.
 */
export function useContractParent(id: string, kind: ContractKind | undefined): BackTo {
  const label = useContractTitle(kind);
  return useBackTo({ to: `/cabinet/contracts/${id}`, label });
}
