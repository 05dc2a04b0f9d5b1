/**
 * The kiosk-only parts a shared screen is handed rather than imports, so the
 * phone's bundle does not carry them: the QR code and the 朗读 button.
 */
import type { ComponentType, RefObject } from 'preact';

/** The kiosk's QR component (src/ui/views/shared/qr-code.tsx), loaded with the kiosk screens only. */
export type QrComponent = ComponentType<{ text: string; label: string; size?: number }>;
/** The kiosk's 朗读 button (src/ui/views/kiosk/read-aloud.tsx), loaded with the kiosk screens only. */
export type ReaderComponent = ComponentType<{ target: RefObject<HTMLElement | null> }>;
