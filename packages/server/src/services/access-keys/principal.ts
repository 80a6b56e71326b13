/** Who signed a call to the Cognito wire: an access key, and the team it acts for. */
export interface AccessKeyPrincipal {
  accessKeyId: string;
  /** Null: a platform admin's key. */
  teamId: string | null;
}
