// The import boundaries `npm run lint:boundaries` (a step of `npm test`) enforces. Why
// dependency-cruiser and not Biome's restricted imports: docs/decisions/0013-module-boundaries.md.

/** Test files and the test helpers: white-box, they may reach into a module to set up data. */
const TESTS = "(\\.test\\.ts|\\.integration-test\\.ts)$|^server/test/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "No import cycles anywhere: a cycle between modules means neither can be read, tested " +
        "or moved alone. Split the shared piece out (a plugin, common/, or the lower module).",
      from: {},
      // Type-only edges vanish at runtime (an interface beside its implementations is no cycle),
      // and a lazy import() runs after both files have loaded (the console's section list).
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only", "dynamic-import"] } },
    },
    {
      name: "module-only-through-index",
      severity: "error",
      comment:
        "A module reaches another only through its index.ts (its plugin and public functions), " +
        "never its routes, services or repositories.",
      from: { path: "^server/modules/([^/]+)/", pathNot: TESTS },
      to: {
        path: "^server/modules/([^/]+)/",
        pathNot: ["^server/modules/$1/", "^server/modules/[^/]+/index\\.ts$"],
      },
    },
    {
      name: "outside-modules-only-through-index",
      severity: "error",
      comment:
        "The rest of the server (app.ts, plugins, integrations, the demo seed) sees a module " +
        "only through its index.ts too.",
      from: { path: "^server/", pathNot: [TESTS, "^server/modules/"] },
      to: { path: "^server/modules/[^/]+/", pathNot: "^server/modules/[^/]+/index\\.ts$" },
    },
    {
      name: "plugins-not-modules",
      severity: "error",
      comment:
        "Plugins are cross-cutting and sit below the modules: what a plugin needs from a module " +
        "(the staff lookup of staff access, the session lookup of sessions) is passed to it at " +
        "registration in app.ts.",
      from: { path: "^server/plugins/", pathNot: TESTS },
      to: { path: "^server/modules/" },
    },
    {
      name: "routes-not-repositories",
      severity: "error",
      comment: "Route files stay thin: they call services, which call repositories.",
      from: { path: "\\.routes\\.ts$" },
      to: { path: "\\.repository\\.ts$" },
    },
    {
      name: "drizzle-only-in-repositories",
      severity: "error",
      comment:
        "Only repositories (*.repository.ts), server/db/ and tests import drizzle-orm; services " +
        "hold rules, routes wire HTTP. server/integrations/ has no SQL of its own: the outbox " +
        "providers store through server/db/ and server/modules/dev's repository.",
      from: {
        path: "^(server|common|web)/",
        pathNot: ["\\.repository\\.ts$", "^server/db/", TESTS],
      },
      to: { path: "^node_modules/drizzle-orm/" },
    },
    {
      name: "common-imports-nothing-of-ours",
      severity: "error",
      comment: "common/ is shared by the server and the browser: it imports neither.",
      from: { path: "^common/" },
      to: { path: "^(server|web)/" },
    },
    {
      name: "cabinet-not-staff",
      severity: "error",
      comment:
        "The cabinet and the console are separate bundles: shared pieces live in web/ui or common/.",
      from: { path: "^web/cabinet/" },
      to: { path: "^web/staff/" },
    },
    {
      name: "staff-not-cabinet",
      severity: "error",
      comment:
        "The cabinet and the console are separate bundles: shared pieces live in web/ui or common/.",
      from: { path: "^web/staff/" },
      to: { path: "^web/cabinet/" },
    },
    {
      name: "web-not-server",
      severity: "error",
      comment: "The browser code talks to the server over HTTP only; shared types are in common/.",
      from: { path: "^web/" },
      to: { path: "^server/" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that does not resolve is a typo or a missing dependency.",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^server/db/migrations/", "^dist/", "^\\.tmp/"] },
    // The project imports its own files with their .ts suffix (allowImportingTsExtensions); the
    // TypeScript resolver behind tsConfig resolves those, and web/'s bundler-style imports too.
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
      mainFields: ["module", "main", "types", "typings"],
    },
    skipAnalysisNotInRules: true,
  },
};
