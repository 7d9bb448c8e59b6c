import { Anchor } from "@mantine/core";
import { Link, useLocation } from "react-router";
import { IconArrowLeft } from "../../ui/icons.tsx";

/** The screen an inner screen goes back to: its path and its title, the link's name. */
export interface BackTo {
  to: string;
  /** The parent's title: «Мои договоры», «Описание сертификата», «Профиль». */
  label: string;
  /** What the parent itself was opened from, handed back to it. */
  state?: FromState;
}

/** Router state of a link that says where it was followed from. */
export interface FromState {
  from: BackTo;
}

/** Deep enough for Главная → договор → «Переписка»; a longer chain is cut, not trusted. */
const MAX_DEPTH = 4;

function readFrom(state: unknown, depth: number): BackTo | null {
  if (depth > MAX_DEPTH || typeof state !== "object" || state === null || !("from" in state)) {
    return null;
  }
  const from = (state as { from: unknown }).from;
  if (typeof from !== "object" || from === null) return null;
  const { to, label, state: inner } = from as Record<string, unknown>;
  // Only the cabinet's own screens: history state is the page's, but not to be trusted blindly.
  if (typeof to !== "string" || !/^\/cabinet(\/|$|\?)/.test(to)) return null;
  if (typeof label !== "string" || label.length === 0 || label.length > 100) return null;
  const parentOfParent = readFrom(inner, depth + 1);
  return parentOfParent ? { to, label, state: { from: parentOfParent } } : { to, label };
}

/**
 * The parent of this screen: the one it was opened from when the link said so (a screen that
 * can be opened from several places), else `natural`, the one it sits under.
 */
export function useBackTo(natural: BackTo): BackTo {
  return readFrom(useLocation().state, 0) ?? natural;
}

/**
 * State for a link from this screen, titled `label`: the screen opened goes back here, and this
 * screen, once back, still knows where it was opened from.
 */
export function useFromHere(label: string): FromState {
  const location = useLocation();
  const own = readFrom(location.state, 0);
  return {
    from: {
      to: `${location.pathname}${location.search}`,
      label,
      ...(own ? { state: { from: own } } : {}),
    },
  };
}

/** «← Мои договоры»: the one way up from an inner screen, named by the parent's title. */
export function BackLink({ to, label, state }: BackTo) {
  return (
    <Anchor
      component={Link}
      to={to}
      state={state}
      fw={600}
      mb={-8}
      style={{ display: "inline-flex", alignItems: "center", gap: 6, alignSelf: "flex-start" }}
    >
      <IconArrowLeft size={18} />
      {label}
    </Anchor>
  );
}
