/** Contact details of РМС (Регион Мед-Сервис) shown on every surface: web, print, SMS. */
export const company = {
  name: "РМС",
  legalName: 'ООО "Регион Мед-Сервис"',
  phones: {
    /** The 24/7 medical contact centre («медпульт»); also the cooperation line on the site header. */
    contactCentre: { display: "8 (800) 770-70-94", tel: "+78007707094" },
    /** The line for people insured under DMS. */
    dms: { display: "8 (499) 922-49-09", tel: "+74999224909" },
  },
} as const;
