import { useEffect, useState } from 'react';

interface CopyButtonProps {
  text: string;
  /** The button's name, e.g. "Copy secret"; it stays the same after copying. */
  label: string;
  className?: string;
}

async function copy(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-http deployments (a laptop, an internal host) have no Clipboard API.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

export function CopyButton({ text, label, className }: CopyButtonProps) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (status === 'idle') return undefined;
    const timer = window.setTimeout(() => setStatus('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [status]);

  return (
    <span className="copy">
      <button
        type="button"
        className={className ?? 'button button-small'}
        onClick={() =>
          copy(text).then(
            () => setStatus('copied'),
            () => setStatus('failed'),
          )
        }
      >
        {label}
      </button>
      <span className={`copy-status copy-${status}`} role="status">
        {status === 'copied' ? 'Copied' : status === 'failed' ? 'Select and copy by hand' : ''}
      </span>
    </span>
  );
}
