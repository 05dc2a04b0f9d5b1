/**
 * The on-screen keyboard (src/ui/keyboard/) loads only when someone touches a
 * text field: most visitors only read, and the first screen stays small.
 */
let loading: Promise<void> | undefined;

function isTextField(el: EventTarget | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  return el instanceof HTMLInputElement && /^(text|search|tel|number|email|url|password)$/.test(el.type) && !el.readOnly && !el.disabled;
}

/**
 * Someone with a physical keyboard (Tab into a field) types on it: the
 * on-screen keyboard would only cover the screen and hide the navigation.
 */
let byKeys = false;

function open(e: Event): void {
  const field = e.target;
  if (!isTextField(field) || (e.type === 'focusin' && byKeys)) return;
  // The first field is handed to the keyboard as it mounts; later ones by event.
  if (!loading) loading = import('../keyboard/mount.tsx').then((m) => m.mountKeyboard(field));
  else void loading.then(() => dispatchEvent(new CustomEvent('zwgk:keyboard', { detail: field })));
}

export function watchTextFields(): void {
  addEventListener('keydown', (e) => (byKeys ||= e.key === 'Tab'), { capture: true, passive: true });
  addEventListener('pointerdown', () => (byKeys = false), { capture: true, passive: true });
  addEventListener('focusin', open, { capture: true });
  // A touch on a field that already has focus (the keyboard was put away) brings it back.
  addEventListener('pointerdown', open, { capture: true });
}
