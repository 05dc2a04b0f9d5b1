/** Typing into a page field from outside it, so the page's own input handlers see ordinary input events. */
export type TextField = HTMLInputElement | HTMLTextAreaElement;

function hasSelection(el: TextField): boolean {
  try {
    return el.selectionStart !== null;
  } catch {
    // Chromium throws for type=number and type=email.
    return false;
  }
}

function changed(el: TextField): void {
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

export function insertText(el: TextField, text: string): void {
  const max = el.maxLength > 0 ? el.maxLength : Number.POSITIVE_INFINITY;
  if (hasSelection(el)) {
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? start;
    const room = max - (el.value.length - (end - start));
    if (room <= 0) return;
    el.setRangeText(text.slice(0, room), start, end, 'end');
  } else {
    el.value = (el.value + text).slice(0, max);
  }
  changed(el);
}

export function deleteBackward(el: TextField): void {
  if (hasSelection(el)) {
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? start;
    if (start !== end) el.setRangeText('', start, end, 'end');
    else if (start > 0) {
      // A character outside the BMP is two code units.
      const low = el.value.charCodeAt(start - 1);
      const width = low >= 0xdc00 && low <= 0xdfff && start > 1 ? 2 : 1;
      el.setRangeText('', start - width, start, 'end');
    } else return;
  } else {
    if (!el.value) return;
    el.value = [...el.value].slice(0, -1).join('');
  }
  changed(el);
}

/** Which layout a field asks for: digits for phones and codes, letters for addresses, pinyin otherwise. */
export function layoutFor(el: TextField): 'digits' | 'latin' | 'pinyin' {
  const mode = el.getAttribute('inputmode');
  if (
    mode === 'numeric' ||
    mode === 'tel' ||
    mode === 'decimal' ||
    (el instanceof HTMLInputElement && (el.type === 'tel' || el.type === 'number'))
  )
    return 'digits';
  if (el.dataset.keyboard === 'latin' || mode === 'email' || mode === 'url' || (el instanceof HTMLInputElement && el.type === 'email'))
    return 'latin';
  return 'pinyin';
}
