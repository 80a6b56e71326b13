/** The two sign-up switches a pool has, the same when it is created and when it is changed. */
export function SignUpChecks(props: {
  selfSignUp: boolean;
  autoConfirm: boolean;
  onChange: (name: 'selfSignUp' | 'autoConfirm', checked: boolean) => void;
}) {
  return (
    <>
      <label className="check">
        <input
          type="checkbox"
          checked={props.selfSignUp}
          onChange={(e) => props.onChange('selfSignUp', e.target.checked)}
        />
        <span>Self sign-up: people create their own account on the hosted page</span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={props.autoConfirm}
          onChange={(e) => props.onChange('autoConfirm', e.target.checked)}
        />
        <span>Confirm new accounts without an emailed code</span>
      </label>
    </>
  );
}
