/** Size limits enforced by the publisher, the device and the hub alike. */
export const LIMITS = {
  /** The signed head document. */
  headBytes: 64 * 1024,
  /** One change page as fetched. */
  pageBytes: 16 * 1024 * 1024,
  /** One change envelope (the item with its body, as signed JSON text). */
  changeBytes: 256 * 1024,
  /** One attachment (PDF or image). */
  attachmentBytes: 20 * 1024 * 1024,
  /** The signed roster of the office's people (contract/roster.ts). */
  rosterBytes: 2 * 1024 * 1024,
  /** Changes per page; full pages never change again. */
  pageSize: 500,
} as const;

/** The pinyin input vocabulary (contract/vocab.ts). */
export const VOCAB_LIMITS = { bytes: 2 * 1024 * 1024, words: 40_000 } as const;
