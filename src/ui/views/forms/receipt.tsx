/**
 * After sending: the tracking code, large, with a QR code to follow the case on
 * a phone (/m/track/CODE), and whether the hub's receipt has come back yet.
 */

import type { SubmissionKind } from '../../../contract/submission.ts';
import { formatTrackingCode } from '../../../contract/tracking-code.ts';
import { ti } from '../../i18n/intake.ts';
import { useDelivered } from '../../shell/outbox-hooks.ts';
import { navigate } from '../../shell/router.ts';
import { QrCode } from '../shared/qr-code.tsx';
import type { Surface } from './sources.ts';

const TITLE: Record<SubmissionKind, 'receiptComplaint' | 'receiptInquiry' | 'receiptOpinion'> = {
  complaint: 'receiptComplaint',
  inquiry: 'receiptInquiry',
  'hearing-opinion': 'receiptOpinion',
  questionnaire: 'receiptOpinion',
  'notice-opinion': 'receiptOpinion',
};

export function Receipt({
  id,
  code,
  kind,
  surface,
  onDone,
}: {
  id: string;
  code: string;
  kind: SubmissionKind;
  surface: Surface;
  onDone: () => void;
}) {
  const delivered = useDelivered(id);
  const trackUrl = new URL(`/m/track/${code}`, location.origin).href;
  return (
    <div class="receipt">
      <p class="receipt-title">✔ {ti(TITLE[kind])}</p>
      <div class="receipt-main">
        <div>
          <p class="receipt-code-label">{ti('receiptCode')}</p>
          <p class="receipt-code" data-testid="tracking-code">
            {formatTrackingCode(code)}
          </p>
          <p>{ti('receiptCodeHint')}</p>
        </div>
        {surface === 'kiosk' ? (
          <QrCode text={trackUrl} label={ti('receiptScan')} size={280} />
        ) : (
          <p>
            <button type="button" class="secondary" onClick={() => navigate(`/m/track/${code}`)}>
              {ti('trackHeading')}
            </button>
          </p>
        )}
      </div>
      <p class={`banner${delivered ? ' ok' : ''}`} role="status" data-testid="delivery-state">
        {delivered ? ti('receiptDelivered') : ti('receiptQueued')}
      </p>
      <div class="form-actions">
        <button type="button" class="primary" onClick={onDone}>
          {ti('receiptDone')}
        </button>
      </div>
    </div>
  );
}
