/** What IT sees when a device's config is missing or wrong: each field and what to fix. */

import type { ConfigResult } from '../../../device/device-config.ts';
import { t } from '../../i18n/index.ts';

export function ConfigProblem({ result }: { result: Exclude<ConfigResult, { kind: 'ok' }> }) {
  return (
    <main class="config-problem">
      <div role="alert">
        <h1>{t('configError')}</h1>
      </div>
      {result.kind === 'missing' ? (
        <p>{t('configMissing')}</p>
      ) : (
        <>
          <p>{t('configErrorHint', { name: result.name })}</p>
          <ul>
            {result.problems.map((p) => (
              <li key={p}>
                <code>{p}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
