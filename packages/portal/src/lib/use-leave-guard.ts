import { useEffect } from 'react';
import { setLeaveGuard } from '../router';

/**
 * While `active`, leaving the page asks first: a link inside the portal, back and forward, and a
 * reload, a closed tab or another address (the browser's own "Leave site?" question). For what
 * is on screen only once, such as a new secret.
 */
export function useLeaveGuard(active: boolean, message: string): void {
  useEffect(() => {
    if (!active) return undefined;
    setLeaveGuard(message);
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers ask only when returnValue is set; none shows the text itself any more.
      event.returnValue = message;
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      setLeaveGuard(null);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [active, message]);
}
