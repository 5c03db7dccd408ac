import { Field, Input } from '../../components/ui/input';

/** A labelled one-line text field of the auth editors (monospace; `secret` hides the value). */
export function Text({
  label,
  value,
  onChange,
  readOnly,
  secret,
}: {
  label: string;
  value: string | undefined;
  onChange: (v: string) => void;
  readOnly: boolean;
  secret?: boolean;
}) {
  return (
    <Field label={label}>
      <Input
        type={secret ? 'password' : 'text'}
        className="font-mono"
        value={value ?? ''}
        readOnly={readOnly}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}
