import { company } from "../../../common/company.ts";
import { contractStatus } from "../../../common/contracts/contract-status.ts";
import type {
  ContractDetail,
  ContractList,
  ContractPrint,
  CoveredPerson,
  ProgramProcedure,
} from "../../../common/contracts/contracts.schema.ts";
import { renderSafeMarkdown } from "../../../common/contracts/safe-markdown.ts";
import { todayInMoscow } from "../../../common/format/date.ts";
import { givenNames } from "../../../common/format/person-name.ts";
import type { Db } from "../../db/client.ts";
import { NotFoundError, UnauthorizedError } from "../../errors.ts";
import { lazyModule } from "../../lazy.ts";
import { addBusinessDays } from "../calendar/index.ts";
import { certificateFileName, renderCertificatePdf } from "./certificate-pdf.ts";
import {
  type AccountIdentity,
  type CurrentPersonRow,
  findAccountIdentity,
  findContractPage,
  findVisibleContract,
  findVisibleProgramProcedure,
  listCurrentPersons,
  listVisibleContracts,
} from "./contracts.repository.ts";
import { changeOptions, isPatient1 } from "./patient-changes.service.ts";

const loadQrCode = lazyModule(async () => (await import("qrcode")).default);

// A program's texts are written rarely and read on every contract page: their HTML is kept by the
// Markdown itself, so an edit is a new key and never shows stale; the oldest goes beyond 100.
const renderedHtml = new Map<string, string>();
const RENDERED_KEPT = 100;

function renderedMarkdown(markdown: string): string {
  let html = renderedHtml.get(markdown);
  if (html === undefined) {
    html = renderSafeMarkdown(markdown);
    renderedHtml.set(markdown, html);
    if (renderedHtml.size > RENDERED_KEPT) {
      const [oldest] = renderedHtml.keys();
      if (oldest !== undefined) renderedHtml.delete(oldest);
    }
  }
  return html;
}

/** Client data reaches the system within this many business days of a purchase (footnote 1). */
export const DATA_ENTRY_BUSINESS_DAYS = 2;

async function identityOf(db: Db, clientId: string): Promise<AccountIdentity> {
  const who = await findAccountIdentity(db, clientId);
  if (!who) throw new NotFoundError();
  return who;
}

async function visibleContract(db: Db, clientId: string, contractId: string) {
  const who = await identityOf(db, clientId);
  const contract = await findVisibleContract(db, who, contractId);
  if (!contract) throw new NotFoundError("Договор не найден или недоступен вашей учётной записи.");
  return { who, contract };
}

/**
 * The contract the account sees, or 404 (401 when the account is gone); with its current persons.
 * For other modules that act on a client's contract («Перезвонить мне», messages).
 */
export async function visibleContractFor(db: Db, clientId: string, contractId: string) {
  const who = await findAccountIdentity(db, clientId);
  if (!who) throw new UnauthorizedError();
  const contract = await findVisibleContract(db, who, contractId);
  if (!contract) throw new NotFoundError("Договор не найден или недоступен вашей учётной записи.");
  return { who, contract, persons: await listCurrentPersons(db, contract.id) };
}

function personDto(person: CurrentPersonRow): CoveredPerson {
  return {
    slot: person.slot === 2 ? 2 : 1,
    lastName: person.lastName,
    firstName: person.firstName,
    patronymic: person.patronymic,
  };
}

/** «Мои договоры»: the account's contracts, newest first. */
export async function listContracts(
  db: Db,
  clientId: string,
  today = todayInMoscow(),
): Promise<ContractList> {
  // The holder links are by account id alone: the list needs no read of the account itself.
  const [rows, purchasedTodayVisibleBy] = await Promise.all([
    listVisibleContracts(db, { clientId }),
    addBusinessDays(db, today, DATA_ENTRY_BUSINESS_DAYS),
  ]);
  return {
    contracts: rows.map((row) => ({ ...row, status: contractStatus(row, today) })),
    purchasedTodayVisibleBy,
  };
}

/** «Описание сертификата» (or of a DMS policy), with what the viewer may change. */
export async function getContractDetail(
  db: Db,
  clientId: string,
  contractId: string,
  today = todayInMoscow(),
): Promise<ContractDetail> {
  const page = await findContractPage(db, clientId, contractId);
  if (!page) throw new NotFoundError();
  const { who, contract, persons, appeals, latest } = page;
  if (!contract) throw new NotFoundError("Договор не найден или недоступен вашей учётной записи.");
  // Any open request blocks a new one; the page shows the viewer's own request with its outcome
  // (another holder of the contract does not see whom the requester named). With no request at
  // all there is no own one either.
  const request = !latest || latest.clientId === who.clientId ? latest : page.ownLatest;
  return {
    id: contract.id,
    kind: contract.kind,
    number: contract.number,
    insurerName: contract.insurerName,
    startsOn: contract.startsOn,
    endsOn: contract.endsOn,
    status: contractStatus(contract, today),
    program: {
      id: contract.program.id,
      name: contract.program.name,
      description: contract.program.description,
      coverageHtml: renderedMarkdown(contract.program.coverage),
      maxPersons: contract.program.maxPersons,
    },
    persons: persons.map(personDto),
    appeals: appeals.map((appeal) => ({
      id: appeal.id,
      occurredAt: appeal.occurredAt.toISOString(),
      serviceType: appeal.serviceType,
      personName: givenNames({
        firstName: appeal.personFirstName,
        patronymic: appeal.personPatronymic,
      }),
      doctorName: appeal.doctorName,
      channel: appeal.channel,
      outcome: appeal.outcome,
    })),
    changes: changeOptions({
      today,
      startsOn: contract.startsOn,
      maxPersons: contract.program.maxPersons,
      viewerIsPatient1: isPatient1(who, persons),
      slot2Taken: persons.some((person) => person.slot === 2),
      requestPending: latest?.status === "pending",
    }),
    replacementRequest: request
      ? {
          id: request.id,
          status: request.status,
          lastName: request.lastName,
          firstName: request.firstName,
          patronymic: request.patronymic,
          createdAt: request.createdAt.toISOString(),
          decidedAt: request.decidedAt?.toISOString() ?? null,
          decisionComment: request.decisionComment,
        }
      : null,
  };
}

/** «Порядок получения медицинского обслуживания» of a program on one of the account's contracts. */
export async function getProgramProcedure(
  db: Db,
  clientId: string,
  programId: string,
): Promise<ProgramProcedure> {
  const who = await identityOf(db, clientId);
  const program = await findVisibleProgramProcedure(db, who, programId);
  if (!program) throw new NotFoundError("Программа не найдена среди ваших договоров.");
  return {
    id: program.id,
    name: program.name,
    procedureHtml: renderedMarkdown(program.careProcedure),
  };
}

/** The public page a certificate's QR code leads to. */
export function verifyUrl(publicOrigin: string, number: string): string {
  return `${publicOrigin.replace(/\/$/, "")}/verify?number=${encodeURIComponent(number)}`;
}

/** What «Печать» shows: the print page and the PDF share it. */
export async function getContractPrint(
  db: Db,
  clientId: string,
  contractId: string,
  publicOrigin: string,
): Promise<ContractPrint> {
  const { contract } = await visibleContract(db, clientId, contractId);
  const persons = await listCurrentPersons(db, contract.id);
  const url = verifyUrl(publicOrigin, contract.number);
  return {
    kind: contract.kind,
    number: contract.number,
    insurerName: contract.insurerName,
    startsOn: contract.startsOn,
    endsOn: contract.endsOn,
    programName: contract.program.name,
    persons: persons.map((person) => ({ ...personDto(person), birthDate: person.birthDate })),
    phones: [
      {
        label: "Медицинский контакт-центр, круглосуточно",
        display: company.phones.contactCentre.display,
        tel: company.phones.contactCentre.tel,
      },
      {
        label: "Для застрахованных по ДМС",
        display: company.phones.dms.display,
        tel: company.phones.dms.tel,
      },
    ],
    verifyUrl: url,
    qrSvg: await (await loadQrCode()).toString(url, {
      type: "svg",
      margin: 1,
      errorCorrectionLevel: "M",
    }),
  };
}

/**
 * A contract's PDF as its holder gets it (the e-mail after an online purchase): the same print
 * as «Печать», its file name, and what the letter says of it.
 */
export async function certificatePdfFor(
  db: Db,
  clientId: string,
  contractId: string,
  publicOrigin: string,
) {
  const print = await getContractPrint(db, clientId, contractId, publicOrigin);
  return {
    number: print.number,
    programName: print.programName,
    startsOn: print.startsOn,
    endsOn: print.endsOn,
    fileName: certificateFileName(print),
    pdf: await renderCertificatePdf(print),
  };
}
