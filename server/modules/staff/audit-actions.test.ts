import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditActions } from "../../../common/staff/audit.schema.ts";
import labels from "../../../web/staff/locales/audit.json" with { type: "json" };

// «Журнал доступа» names every action the console records: a new audit.record call with an
// action missing from auditActions (or from the labels) would show as its raw name.

const modules = join(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !/test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** The literal dotted actions (`area.verb`) passed to audit records, and the `prefix.${…}` templates. */
function recordedActions(): { literal: Set<string>; prefixes: Set<string> } {
  const literal = new Set<string>();
  const prefixes = new Set<string>();
  for (const file of sources(modules)) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\baction: "([a-z][a-z-]*\.[a-z.-]+)",/g))
      literal.add(match[1] ?? "");
    for (const match of text.matchAll(/\baction: `([a-z-]+)\.\$\{/g)) prefixes.add(match[1] ?? "");
  }
  return { literal, prefixes };
}

describe("the audit log's actions", () => {
  it("lists every action the server records, and each has its Russian label", () => {
    const known = new Set<string>(auditActions);
    const { literal, prefixes } = recordedActions();
    expect(literal.size).toBeGreaterThan(20);
    expect([...literal].filter((action) => !known.has(action))).toEqual([]);
    for (const prefix of prefixes) {
      expect(auditActions.some((action) => action.startsWith(`${prefix}.`))).toBe(true);
    }
    const named = labels.audit.actions as Record<string, string>;
    expect(auditActions.filter((action) => !/[А-Яа-яЁё]/.test(named[action] ?? ""))).toEqual([]);
  });
});
