import { TEXT, type Theme } from './branding.js';

// One small inline sheet: no external assets, nothing to cache or fetch. The theme's colours are
// validated #rrggbb values (branding.ts), so they cannot close the rule they sit in.

const ERROR = '#b00020';
const MUTED = '#4a4a4a';

export function stylesheet(theme: Theme): string {
  return `
:root{--primary:${theme.primary};--on-primary:${theme.onPrimary};--button-border:${theme.buttonBorder};--accent:${theme.accent};--text:${TEXT};--muted:${MUTED};--error:${ERROR}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#f4f4f5;color:var(--text);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:anywhere}
main{max-width:28rem;margin:0 auto;padding:1.5rem 1rem 3rem}
.card{background:#fff;border:1px solid #d4d4d8;border-radius:.5rem;padding:1.5rem 1.25rem}
header{display:flex;align-items:center;gap:.75rem;margin-bottom:1.25rem}
header img{max-height:3rem;max-width:8rem;height:auto;width:auto}
.brand{font-size:1.125rem;font-weight:600;margin:0}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}
p{margin:0 0 1rem}
a{color:var(--accent);text-decoration:underline;text-underline-offset:.15em}
.field{margin:0 0 1.25rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
.optional{font-weight:400;color:var(--muted)}
.hint{display:block;color:var(--muted);font-size:.9375rem;margin:0 0 .375rem}
.field-error{display:block;color:var(--error);font-weight:600;margin:0 0 .375rem}
input,textarea{display:block;width:100%;max-width:100%;font:inherit;color:var(--text);background:#fff;border:2px solid #52525b;border-radius:.25rem;padding:.5rem .625rem;min-height:2.75rem}
input[readonly]{background:#f4f4f5}
input[aria-invalid=true],textarea[aria-invalid=true]{border-color:var(--error)}
.code{max-width:10rem;letter-spacing:.25em;font-variant-numeric:tabular-nums}
button{font:inherit;font-weight:600;border-radius:.25rem;padding:.625rem 1.25rem;min-height:2.75rem;cursor:pointer}
.primary{width:100%;background:var(--primary);color:var(--on-primary);border:2px solid var(--button-border)}
.secondary{background:#fff;color:var(--text);border:2px solid #52525b;margin-top:.75rem}
.actions{margin-top:1.5rem}
.links{margin:1.5rem 0 0;padding:0;list-style:none}
.links li{margin:.5rem 0}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
input:focus-visible,textarea:focus-visible{outline:3px solid var(--accent);outline-offset:1px;border-color:var(--text)}
button:focus-visible{outline:3px solid var(--text);outline-offset:2px;box-shadow:0 0 0 2px #fff}
.error-summary{border:3px solid var(--error);border-radius:.25rem;padding:.75rem 1rem;margin:0 0 1.25rem}
.error-summary h2{font-size:1.125rem;margin:0 0 .5rem}
.error-summary ul{margin:0;padding-left:1.25rem}
.error-summary a{color:var(--error);font-weight:600}
.notice{border-left:4px solid var(--accent);background:#f4f4f5;padding:.75rem 1rem;margin:0 0 1.25rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@media (min-width:480px){main{padding-top:3rem}.card{padding:2rem}}
@media (forced-colors:active){.primary,.secondary{border-color:ButtonText}}
`.trim();
}
