import { PasswordInput, type PasswordInputProps } from "@mantine/core";
import { type Ref, useState } from "react";
import { IconEye, IconEyeOff } from "./icons.tsx";

function VisibilityIcon({ reveal }: { reveal: boolean }) {
  return reveal ? <IconEyeOff size={20} /> : <IconEye size={20} />;
}

interface PasswordFieldProps extends Omit<PasswordInputProps, "visible" | "onVisibilityChange"> {
  /** The eye button's name, e.g. «Показать пароль»; it says «pressed» when the text is shown. */
  toggleLabel: string;
  ref?: Ref<HTMLInputElement>;
}

/** A password field with an eye button that shows the text, reachable from the keyboard. */
export function PasswordField({ toggleLabel, ref, ...props }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  return (
    <PasswordInput
      {...props}
      ref={ref}
      visible={visible}
      onVisibilityChange={setVisible}
      visibilityToggleFocusable
      visibilityToggleIcon={VisibilityIcon}
      visibilityToggleButtonProps={{ "aria-label": toggleLabel, "aria-pressed": visible }}
    />
  );
}
