/**
 * Until the office workspace shell (/office/, branch `people`) mounts the inbox in its own
 * navigation, /office/inbox… starts here: no device config, no kiosk lockdown, no sync engine.
 */
import { render } from 'preact';
import InboxApp from './inbox-app.tsx';

export function mount(root: HTMLElement): void {
  root.replaceChildren();
  document.title = '投诉与咨询办理 · 政务公开工作台';
  document.documentElement.lang = 'zh-CN';
  render(<InboxApp />, root);
}
