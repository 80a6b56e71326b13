const DEFAULT_PRIMARY = '#1d4ed8';
const COLOUR = /^#[0-9a-fA-F]{6}$/;

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Black or white text on the button, whichever contrasts more: the hosted pages choose the same way. */
const textOn = (hex: string) =>
  (luminance(hex) + 0.05) / 0.05 > 1.05 / (luminance(hex) + 0.05) ? '#000' : '#fff';

const httpsUrl = (value: string) => {
  try {
    return new URL(value).protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
};

interface BrandingPreviewProps {
  poolName: string;
  displayName: string;
  logoUrl: string;
  primaryColor: string;
}

/** The hosted sign-in page as it will look, redrawn as the settings are typed. */
export function BrandingPreview({ poolName, displayName, logoUrl, primaryColor }: BrandingPreviewProps) {
  const primary = COLOUR.test(primaryColor) ? primaryColor : DEFAULT_PRIMARY;
  const logo = httpsUrl(logoUrl.trim());
  const name = displayName.trim() || poolName;
  return (
    <figure
      className="branding-preview"
      data-testid="branding-preview"
      aria-label="Preview of the sign-in page"
    >
      <div className="branding-preview-page">
        <div className="branding-preview-brand">
          {logo ? <img src={logo} alt="" referrerPolicy="no-referrer" /> : null}
          <span data-testid="preview-name">{name}</span>
        </div>
        <p className="branding-preview-title">Sign in</p>
        <span className="branding-preview-field">Username</span>
        <span className="branding-preview-input" />
        <span className="branding-preview-field">Password</span>
        <span className="branding-preview-input" />
        <span
          className="branding-preview-button"
          data-testid="preview-button"
          style={{ background: primary, color: textOn(primary), borderColor: primary }}
        >
          Sign in
        </span>
      </div>
      <figcaption className="muted">Preview of the hosted sign-in page</figcaption>
    </figure>
  );
}
