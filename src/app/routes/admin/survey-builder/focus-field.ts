/** Puts the focus on a field by element id: the control itself, or the first one inside it. */
export function focusField(id: string): boolean {
  const element = document.getElementById(id);
  if (!element) return false;
  const focusable = element.matches('input, select, textarea, button, a[href], [tabindex]')
    ? element
    : element.querySelector<HTMLElement>('input, select, textarea, button, a[href], [tabindex]');
  if (!focusable) return false;
  focusable.focus();
  return true;
}
