/**
 * The enrollment screen (issue 10): what a kiosk or board opened with a config but no
 * identity shows until IT approves it. Large, in Chinese, for IT staff standing in front
 * of it: the claim code, its QR, and the one command that approves it. Loaded only on a
 * device that is not enrolled yet; it polls the hub and starts the app once approved.
 */
import { render } from 'preact';
import type { DeviceConfig } from '../../../contract/config.ts';
import { useEnrollment } from '../../shell/device-hooks.ts';
import { QrCode } from '../shared/qr-code.tsx';
import { dt } from './messages.ts';
import './device.css';

function EnrollScreen({ configName, config, onEnrolled }: { configName: string; config: DeviceConfig; onEnrolled: () => void }) {
  const { record, problem } = useEnrollment(configName, onEnrolled);
  return (
    <main class="enroll" aria-labelledby="enroll-title">
      <h1 id="enroll-title">{dt('title')}</h1>
      <p class="enroll-lead">{dt('lead')}</p>
      {record && (
        <>
          <p class="enroll-code-label">{dt('code')}</p>
          <p class="enroll-code" data-testid="claim-code">
            {record.code}
          </p>
          <QrCode text={record.code} label={dt('qr')} size={280} />
          <p>{dt('how')}</p>
          <p>
            <code class="enroll-command">{dt('command', { code: record.code })}</code>
          </p>
          {config.channels.includes('internal') && <p>{dt('internal')}</p>}
          <dl class="enroll-meta">
            <dt>{dt('device')}</dt>
            <dd data-testid="device-id">{record.device}</dd>
            <dt>{dt('config')}</dt>
            <dd>
              {configName} · {config.name}
            </dd>
          </dl>
        </>
      )}
      <p class="enroll-status" role="status">
        {problem ? dt('problem', { message: problem }) : dt('waiting')}
      </p>
    </main>
  );
}

/** Shows the enrollment screen in `root` until the hub says this device is enrolled (or revoked). */
export function enroll(root: HTMLElement, configName: string, config: DeviceConfig): Promise<void> {
  document.title = dt('title');
  return new Promise<void>((done) => {
    render(<EnrollScreen configName={configName} config={config} onEnrolled={() => done()} />, root);
  }).then(() => {
    render(null, root);
    root.replaceChildren();
  });
}
