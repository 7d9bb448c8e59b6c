import type { ComponentType } from "react";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { IconChat, IconHome, IconMedcard, IconUser } from "../../ui/icons.tsx";
import classes from "./shell.module.css";

type NavKey = "home" | "medcard" | "chat" | "profile";

const items: { key: NavKey; to: string; icon: ComponentType<{ size?: number }>; end?: boolean }[] =
  [
    { key: "home", to: "/cabinet", icon: IconHome, end: true },
    { key: "medcard", to: "/cabinet/medcard", icon: IconMedcard },
    { key: "chat", to: "/cabinet/chat", icon: IconChat },
    { key: "profile", to: "/cabinet/profile", icon: IconUser },
  ];

/**
 * The cabinet's main menu: a bar fixed to the bottom of a phone screen, a column on the left from
 * 992 px. NavLink marks the current section with aria-current="page".
 */
export function BottomNav() {
  const { t } = useTranslation("cabinet");
  return (
    <nav aria-label={t("nav.label")} className={classes.nav}>
      <ul className={classes.navList}>
        {items.map(({ key, to, icon: Icon, end }) => (
          <li key={key} className={classes.navItem}>
            <NavLink to={to} end={end} className={classes.navLink}>
              <Icon size={24} />
              <span className={classes.navText}>{t(`nav.${key}`)}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
