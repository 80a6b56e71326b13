/** Who signed a request with an access key: the key, and the team it reaches (null: every team). */
export interface AccessKeyPrincipal {
  accessKeyId: string;
  /** Null for a platform admin's key, which reaches every pool. */
  teamId: string | null;
}
