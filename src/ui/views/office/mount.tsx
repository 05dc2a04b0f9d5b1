/**
 * /office/…: the workspace starts here instead of the kiosk (no device config, no
 * lockdown, no sync engine, no enrollment of the browser as a device).
 */
import { render } from 'preact';
import { OfficeApp } from './office-app.tsx';
import './office.css';

export function mount(root: HTMLElement): void {
  root.replaceChildren();
  document.title = '政务公开工作台';
  document.documentElement.lang = 'zh-CN';
  render(<OfficeApp />, root);
}
