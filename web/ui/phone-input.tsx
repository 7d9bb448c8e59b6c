import { TextInput, type TextInputProps } from "@mantine/core";
import { type ChangeEvent, type Ref, useCallback, useLayoutEffect, useRef } from "react";
import { formatPhoneInput, phoneCaret } from "./phone-mask.ts";

interface PhoneInputProps extends Omit<TextInputProps, "value" | "onChange" | "type"> {
  value: string;
  onChange: (value: string) => void;
  ref?: Ref<HTMLInputElement>;
}

/**
 * A Russian mobile number field (a controlled input for react-hook-form's Controller): accepts
 * 8…, +7…, 9…, spaces, dashes, brackets and pasted numbers, shows `+7 (926) 111-11-11`.
 */
export function PhoneInput({ value, onChange, ref, ...props }: PhoneInputProps) {
  const inputRef = useRef<HTMLInputElement | null>(null);
  const caret = useRef<number | null>(null);

  const setRefs = useCallback(
    (node: HTMLInputElement | null) => {
      inputRef.current = node;
      if (typeof ref === "function") ref(node);
      else if (ref) ref.current = node;
    },
    [ref],
  );

  // Put the caret back after the digit it followed; a reformatted value would throw it to the end.
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (caret.current === null || !input || document.activeElement !== input) return;
    input.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  });

  function handleChange(event: ChangeEvent<HTMLInputElement>) {
    const raw = event.currentTarget.value;
    const formatted = formatPhoneInput(raw);
    const position = event.currentTarget.selectionStart ?? raw.length;
    caret.current =
      position >= raw.length ? formatted.length : phoneCaret(raw, position, formatted);
    onChange(formatted);
  }

  return (
    <TextInput
      {...props}
      ref={setRefs}
      type="tel"
      inputMode="tel"
      autoComplete={props.autoComplete ?? "tel"}
      value={value}
      onChange={handleChange}
    />
  );
}
