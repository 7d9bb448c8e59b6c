interface PersonName {
  lastName: string;
  firstName: string;
  patronymic: string | null;
}

/** «Иванов Иван Иванович»; without a patronymic, «Ли Анна». */
export function fullName(person: PersonName): string {
  return [person.lastName, person.firstName, person.patronymic].filter(Boolean).join(" ");
}

/** «Евгений Александрович»: how the guide names a covered person. */
export function givenNames(person: Pick<PersonName, "firstName" | "patronymic">): string {
  return [person.firstName, person.patronymic].filter(Boolean).join(" ");
}
