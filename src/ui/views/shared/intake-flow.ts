/**
 * The flow every citizen's form and every questionnaire shares, on the kiosk and
 * on the phone: what the citizen enters lives in this hook's state only (never in
 * storage); sending seals and queues it, and only then is it wiped; a send that
 * fails keeps it on screen with a plain message, so nothing typed is lost;
 * 在手机上继续 moves it into a QR code and wipes it from the kiosk at once; the
 * idle reset (src/ui/shell/idle.ts) wipes it. Each screen draws its own steps
 * around this: the forms' 填写 → 核对 → 完成, the questionnaire's pages.
 */
import { useRef, useState } from 'preact/hooks';
import { useSessionReset } from '../../shell/session-hooks.ts';

/** What a send came to: the stored submission, or what to tell the citizen. */
export type SendOutcome = { ok: true; id: string; code?: string } | { ok: false; message: string };

export interface IntakeFlowOptions<V> {
  initial: V | (() => V);
  /** A fresh, empty value (what a wipe leaves). */
  blank: () => V;
  /** Clears what the screen keeps beside the value (its messages, its page). */
  onWipe?: () => void;
  /** After the idle reset has wiped everything: where the screen goes back to. */
  onReset: () => void;
}

export function useIntakeFlow<V>(o: IntakeFlowOptions<V>) {
  const [value, setValue] = useState<V>(o.initial);
  const [notice, setNotice] = useState<string>();
  // The latest callbacks, so that the session-reset subscription is made once.
  const latest = useRef(o);
  latest.current = o;

  const wipe = () => {
    setValue(latest.current.blank());
    setNotice(undefined);
    latest.current.onWipe?.();
  };

  useSessionReset(() => {
    wipe();
    latest.current.onReset();
  });

  /** Seals and queues the value; wiped only once it is stored. A throw becomes `explain`'s message. */
  const send = async (deliver: (v: V) => Promise<SendOutcome>, explain: (e: unknown) => string): Promise<SendOutcome> => {
    let outcome: SendOutcome;
    try {
      outcome = await deliver(value);
    } catch (e) {
      outcome = { ok: false, message: explain(e) };
    }
    if (outcome.ok) wipe();
    return outcome;
  };

  /**
   * 在手机上继续: the value encoded for a QR code, and wiped here at once; or, when
   * it would not fit in a code a phone can scan, `tooLong` is shown and nothing moves.
   */
  const handOff = async (encode: (v: V) => Promise<string>, fits: (payload: string) => boolean, tooLong: string) => {
    const payload = await encode(value);
    if (!fits(payload)) {
      setNotice(tooLong);
      return undefined;
    }
    wipe();
    return payload;
  };

  return { value, setValue, notice, setNotice, wipe, send, handOff };
}
