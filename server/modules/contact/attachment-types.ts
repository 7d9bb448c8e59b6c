import { lazyModule } from "../../lazy.ts";

const loadFileType = lazyModule(() => import("file-type"));

/** How many first bytes are read to judge a file's type. */
export const SAMPLE_BYTES = 4100;

/** What «Добавить файл» takes (issue 5): judged by content; the name only tells apart kin formats. */
export const ATTACHMENT_EXTENSIONS = [
  "pdf",
  "jpg",
  "jpeg",
  "png",
  "heic",
  "doc",
  "docx",
  "xls",
  "xlsx",
  "txt",
] as const;

const MEDIA_TYPES = {
  pdf: "application/pdf",
  jpg: "image/jpeg",
  png: "image/png",
  heic: "image/heic",
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  txt: "text/plain",
} as const;

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot < 0 ? "" : fileName.slice(dot + 1).toLowerCase();
}

/**
 * Plain text: no control bytes but tab and line breaks. UTF-8 and Windows-1251 both pass, which
 * is what Russian text files come in.
 */
function looksLikeText(sample: Buffer): boolean {
  for (const byte of sample) {
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) return false;
  }
  return true;
}

/**
 * The media type of an attachment judged from its first bytes, or null when it is not one of the
 * accepted kinds (an executable renamed to .pdf is null). Old Office files share one container
 * format (CFB), and an Office Open XML file is a ZIP whose kind may lie beyond the sample: for
 * those the name's extension picks between the kin formats, never against the content.
 */
export async function judgeAttachment(sample: Buffer, fileName: string): Promise<string | null> {
  const detected = await (await loadFileType()).fileTypeFromBuffer(sample);
  const extension = extensionOf(fileName);
  switch (detected?.ext) {
    case "pdf":
    case "jpg":
    case "png":
    case "docx":
    case "xlsx":
      return MEDIA_TYPES[detected.ext];
    case "heic":
      return MEDIA_TYPES.heic;
    case "cfb":
      return extension === "doc" || extension === "xls" ? MEDIA_TYPES[extension] : null;
    case "zip":
      return extension === "docx" || extension === "xlsx" ? MEDIA_TYPES[extension] : null;
    case undefined:
      return extension === "txt" && sample.length > 0 && looksLikeText(sample)
        ? MEDIA_TYPES.txt
        : null;
    default:
      return null;
  }
}
