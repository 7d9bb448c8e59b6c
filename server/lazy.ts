/**
 * A module loaded on its first use and kept: a heavy library (exceljs, pdfkit, the S3 SDK) stays
 * out of the server's start and memory until a request needs it. A failed load is tried again
 * next time rather than cached.
 */
export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
