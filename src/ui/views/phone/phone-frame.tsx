/** The frame of every phone page: the site title, the page, the hotline; and the loading and error lines they share. */
import type { ComponentChildren } from 'preact';
import { t } from '../../i18n/index.ts';
import { useApp } from '../../shell/sync-hooks.ts';

export function PhoneFrame({ loading, error, children }: { loading?: string; error?: string; children?: ComponentChildren }) {
  const { config } = useApp();
  return (
    <div class="phone">
      <header class="topbar">
        <h1 class="site-title">{config.title}</h1>
      </header>
      <main class="content">
        {loading !== undefined && <p class="muted">{loading}</p>}
        {error !== undefined && (
          <p class="banner warn" role="alert">
            {error}
          </p>
        )}
        {children}
      </main>
      <footer class="phone-footer">{t('hotline', { phone: config.hotline })}</footer>
    </div>
  );
}
