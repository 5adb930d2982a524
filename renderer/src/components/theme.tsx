import { useEffect, useState } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
const THEME_STORAGE = 'switchboard.theme';
const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const ICON: Record<ThemeChoice, string> = { system: '◐', light: '☀', dark: '☾' };

function readTheme(): ThemeChoice {
  try {
    const stored = localStorage.getItem(THEME_STORAGE);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

/** Follows prefers-color-scheme unless the person picks light or dark (remembered in localStorage). */
export function ThemeToggle() {
  const [theme, setTheme] = useState<ThemeChoice>(readTheme);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
    try {
      if (theme === 'system') localStorage.removeItem(THEME_STORAGE);
      else localStorage.setItem(THEME_STORAGE, theme);
    } catch {
      // Not remembered: fine.
    }
  }, [theme]);
  return (
    <button type="button" className="secondary small-button" onClick={() => setTheme(NEXT[theme])} aria-label={`Theme: ${theme}. Switch to ${NEXT[theme]}.`}>
      {ICON[theme]} {theme}
    </button>
  );
}
