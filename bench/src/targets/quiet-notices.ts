// oidc-provider prints start-up notices (development adapter, Node version, defaults to
// review) as soon as it is imported. They are not failures; keep the benchmark's output to
// what it measures. Imported before oidc-provider so it is in place first.
for (const name of ['info', 'warn'] as const) {
  const original = console[name].bind(console);
  console[name] = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider')) return;
    original(...args);
  };
}
