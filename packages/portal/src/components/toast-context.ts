import { createContext, useContext } from 'react';

export type ToastKind = 'success' | 'error';
export type Notify = (message: string, kind?: ToastKind) => void;

export const ToastContext = createContext<Notify>(() => undefined);

/** Shows a short message in the corner; screen readers hear it through a live region. */
export function useToast(): Notify {
  return useContext(ToastContext);
}
