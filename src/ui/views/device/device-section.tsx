/**
 * For IT on the diagnostics screen: this device's identity as the hub last described it
 * (name, place, approved channels), its id and key fingerprint, and, in plain Chinese,
 * when it has been revoked. Asks the hub once when opened; offline shows what is known.
 */
import { useEffect, useState } from 'preact/hooks';
import { keyFingerprint } from '../../../contract/device.ts';
import { t } from '../../i18n/index.ts';
import { useIdentity } from '../../shell/device-hooks.ts';
import { formatDateTime } from '../shared/format.ts';
import { dt } from './messages.ts';
import './device.css';

export function DeviceSection() {
  const record = useIdentity();
  const [key, setKey] = useState('');
  useEffect(() => {
    if (record) void keyFingerprint(record.publicKey).then(setKey);
  }, [record?.publicKey]);
  if (!record) return null;
  return (
    <section aria-labelledby="h-device" data-testid="device-identity">
      <h3 id="h-device">{dt('identity')}</h3>
      {record.state === 'revoked' && (
        <div class="device-revoked" role="alert">
          <strong>{dt('revoked')}</strong>
          {record.revokedAt && ` · ${dt('revokedAt')} ${formatDateTime(record.revokedAt)}`}
          <p>{dt('revokedHint')}</p>
        </div>
      )}
      {record.volatile && <p class="device-revoked">{dt('volatile')}</p>}
      <dl class="meta">
        <dt>{dt('device')}</dt>
        <dd data-testid="diag-device">
          {record.device} · {record.state === 'enrolled' ? dt('enrolled') : record.state === 'revoked' ? dt('revoked') : dt('pending')}
        </dd>
        <dt>{dt('key')}</dt>
        <dd>{key}</dd>
        {record.name && (
          <>
            <dt>{dt('name')}</dt>
            <dd>{record.name}</dd>
          </>
        )}
        {record.place && (
          <>
            <dt>{dt('place')}</dt>
            <dd>{record.place}</dd>
          </>
        )}
        {record.channels && (
          <>
            <dt>{dt('channels')}</dt>
            <dd>{record.channels.map((c) => t(c === 'internal' ? 'channel_internal' : 'channel_public')).join('、')}</dd>
          </>
        )}
        {record.enrolledAt && (
          <>
            <dt>{dt('enrolledAt')}</dt>
            <dd>{formatDateTime(record.enrolledAt)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
