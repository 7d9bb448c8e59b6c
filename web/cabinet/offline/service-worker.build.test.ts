import { describe, expect, it } from "vitest";
import { type BuiltAsset, type BuiltChunk, cabinetFiles } from "./service-worker.build.ts";

function chunk(fileName: string, more: Partial<BuiltChunk> = {}): BuiltChunk {
  return {
    type: "chunk",
    fileName,
    name: fileName.replace(/^assets\/|-\w+\.js$/g, ""),
    isEntry: false,
    imports: [],
    dynamicImports: [],
    ...more,
  };
}

describe("the files the cabinet's worker keeps", () => {
  it("are every chunk and style the cabinet's entry can load, lazily too, and none only of /staff", () => {
    const bundle: Record<string, BuiltChunk | BuiltAsset> = {
      "assets/cabinet-A.js": chunk("assets/cabinet-A.js", {
        name: "cabinet",
        isEntry: true,
        imports: ["assets/react-B.js"],
        dynamicImports: ["assets/contracts.page-C.js"],
        viteMetadata: { importedCss: new Set(["assets/cabinet-A.css"]), importedAssets: new Set() },
      }),
      "assets/react-B.js": chunk("assets/react-B.js"),
      "assets/contracts.page-C.js": chunk("assets/contracts.page-C.js", {
        dynamicImports: ["assets/contracts-D.js"],
        viteMetadata: {
          importedCss: new Set(["assets/contracts-C.css"]),
          importedAssets: new Set(),
        },
      }),
      "assets/contracts-D.js": chunk("assets/contracts-D.js"),
      "assets/staff-E.js": chunk("assets/staff-E.js", {
        name: "staff",
        isEntry: true,
        imports: ["assets/react-B.js", "assets/queues-F.js"],
      }),
      "assets/queues-F.js": chunk("assets/queues-F.js"),
      "assets/cabinet-A.css": { type: "asset", fileName: "assets/cabinet-A.css" },
    };
    expect(cabinetFiles(bundle, "cabinet")).toEqual([
      "/assets/cabinet-A.css",
      "/assets/cabinet-A.js",
      "/assets/contracts-C.css",
      "/assets/contracts-D.js",
      "/assets/contracts.page-C.js",
      "/assets/react-B.js",
    ]);
  });
});
