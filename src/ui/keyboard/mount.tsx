/** Puts the keyboard on the page once, outside the app's tree, so it stays while screens change. */
import { render } from 'preact';
import type { TextField } from './edit.ts';
import { Keyboard } from './keyboard.tsx';

let mounted = false;

export function mountKeyboard(first: TextField): void {
  if (mounted) return;
  mounted = true;
  const root = document.createElement('div');
  root.id = 'keyboard-root';
  document.body.append(root);
  render(<Keyboard first={first} />, root);
}
