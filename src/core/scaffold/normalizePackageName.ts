// PEP 503 name normalisation, so that `Onnxruntime_GPU`, `onnxruntime.gpu` and `onnxruntime-gpu` compare equal.

/** Lower case, every run of `-`, `_` and `.` collapsed to one `-`. */
export function normalizePackageName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}
