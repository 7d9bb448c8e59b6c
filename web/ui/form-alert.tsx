import { Alert, type AlertProps } from "@mantine/core";
import type { ReactNode } from "react";
import { IconAlert } from "./icons.tsx";

interface FormAlertProps extends Omit<AlertProps, "title" | "children"> {
  title?: string;
  children: ReactNode;
  tone?: "error" | "success" | "info";
}

const colors = { error: "red", success: "green", info: "rms" } as const;

/**
 * A message about a whole form: a refusal from the server (role=alert, read out at once) or a
 * success or note (role=status, read out politely).
 */
export function FormAlert({ title, children, tone = "error", ...props }: FormAlertProps) {
  return (
    <Alert
      {...props}
      role={tone === "error" ? "alert" : "status"}
      color={colors[tone]}
      variant="light"
      title={title}
      icon={<IconAlert size={20} />}
    >
      {children}
    </Alert>
  );
}
