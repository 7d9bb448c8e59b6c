CREATE TYPE "public"."contract_holder_source" AS ENUM('phone', 'number', 'migration');--> statement-breakpoint
CREATE TABLE "contract_holders" (
	"client_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"source" "contract_holder_source" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contract_holders_pkey" PRIMARY KEY("client_id","contract_id")
);
--> statement-breakpoint
ALTER TABLE "contract_holders" ADD CONSTRAINT "contract_holders_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_holders" ADD CONSTRAINT "contract_holders_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contract_holders_contract_idx" ON "contract_holders" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "contracts_bare_number_idx" ON "contracts" USING btree (regexp_replace("number", '^[0-9]+/', ''));--> statement-breakpoint
-- Hand-written below (drizzle-kit models neither triggers nor data). Decision 0011: an account
-- reaches a contract only through a holder link. A link by phone is made the moment a current
-- covered person's phone equals an account's phone, in the transaction that makes it so, whoever
-- writes the row (registration, the import by API or registry, «Пациент 2», an approved
-- replacement, the seed). Idempotent: a link that exists stays as it is.
CREATE FUNCTION "contract_holders_link_inserted_persons"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "contract_holders" ("client_id", "contract_id", "source")
  SELECT "clients"."id", "new_persons"."contract_id", 'phone'
  FROM "new_persons" JOIN "clients" ON "clients"."phone" = "new_persons"."phone"
  WHERE "new_persons"."replaced_at" IS NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "contract_holders_link_updated_persons"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "contract_holders" ("client_id", "contract_id", "source")
  SELECT "clients"."id", "new_persons"."contract_id", 'phone'
  FROM "new_persons"
  JOIN "old_persons" ON "old_persons"."id" = "new_persons"."id"
  JOIN "clients" ON "clients"."phone" = "new_persons"."phone"
  WHERE "new_persons"."replaced_at" IS NULL
    AND "new_persons"."phone" IS DISTINCT FROM "old_persons"."phone"
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "covered_persons_link_holders_on_insert" AFTER INSERT ON "covered_persons"
  REFERENCING NEW TABLE AS "new_persons"
  FOR EACH STATEMENT EXECUTE FUNCTION "contract_holders_link_inserted_persons"();
--> statement-breakpoint
CREATE TRIGGER "covered_persons_link_holders_on_update" AFTER UPDATE ON "covered_persons"
  REFERENCING OLD TABLE AS "old_persons" NEW TABLE AS "new_persons"
  FOR EACH STATEMENT EXECUTE FUNCTION "contract_holders_link_updated_persons"();
--> statement-breakpoint
CREATE FUNCTION "contract_holders_link_client"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "contract_holders" ("client_id", "contract_id", "source")
  SELECT NEW."id", "covered_persons"."contract_id", 'phone'
  FROM "covered_persons"
  WHERE "covered_persons"."phone" = NEW."phone" AND "covered_persons"."replaced_at" IS NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "clients_link_holders_on_insert" AFTER INSERT ON "clients"
  FOR EACH ROW EXECUTE FUNCTION "contract_holders_link_client"();
--> statement-breakpoint
CREATE TRIGGER "clients_link_holders_on_phone_change" AFTER UPDATE OF "phone" ON "clients"
  FOR EACH ROW WHEN (OLD."phone" IS DISTINCT FROM NEW."phone")
  EXECUTE FUNCTION "contract_holders_link_client"();
--> statement-breakpoint
-- The matches of the old rule become links: a current covered person with the account's phone, or
-- with its surname, name, patronymic and birth date. The account's name key is made as
-- common/contracts/person-match.ts makes it (trimmed, spaces collapsed, lower case, ё as е);
-- translate() lowers Cyrillic also under a C locale, where lower() only knows ASCII.
INSERT INTO "contract_holders" ("client_id", "contract_id", "source")
SELECT "clients"."id", "covered_persons"."contract_id", 'migration'::"contract_holder_source"
FROM "covered_persons" JOIN "clients" ON "clients"."phone" = "covered_persons"."phone"
WHERE "covered_persons"."replaced_at" IS NULL
UNION
SELECT "client_keys"."id", "covered_persons"."contract_id", 'migration'::"contract_holder_source"
FROM (
  SELECT "clients"."id", "clients"."birth_date",
    string_agg(
      replace(
        lower(translate(
          regexp_replace(regexp_replace("part", '^\s+|\s+$', '', 'g'), '\s+', ' ', 'g'),
          'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ',
          'абвгдеёжзийклмнопрстуфхцчшщъыьэюя'
        )),
        'ё', 'е'
      ),
      '|' ORDER BY "position"
    ) AS "name_key"
  FROM "clients",
    unnest(ARRAY["clients"."last_name", "clients"."first_name", coalesce("clients"."patronymic", '')])
      WITH ORDINALITY AS "parts"("part", "position")
  GROUP BY "clients"."id", "clients"."birth_date"
) AS "client_keys"
JOIN "covered_persons"
  ON "covered_persons"."name_key" = "client_keys"."name_key"
  AND "covered_persons"."birth_date" = "client_keys"."birth_date"
WHERE "covered_persons"."replaced_at" IS NULL
ON CONFLICT DO NOTHING;
