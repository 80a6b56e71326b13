// Access requests change on one page and are counted in the header: a DOM event links the two
// without a shared store.
const ACCESS_CHANGED = 'gatehouse:access-changed';

export function announceAccessChanged(): void {
  window.dispatchEvent(new Event(ACCESS_CHANGED));
}

export function onAccessChanged(listener: () => void): () => void {
  window.addEventListener(ACCESS_CHANGED, listener);
  return () => window.removeEventListener(ACCESS_CHANGED, listener);
}
