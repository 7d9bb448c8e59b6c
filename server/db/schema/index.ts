// One file per aggregate; this index is what Drizzle and drizzle-kit see.
export * from "./identity.ts";
