/** Text safe inside HTML or SVG elements and attribute values (pure); a missing value is the empty string. */
export function escapeHtml(text: string | number | undefined): string {
  return String(text ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
