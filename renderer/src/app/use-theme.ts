import { useEffect } from 'react';
import { useStore } from '../store/store';
import { selectTheme } from '../store/selectors';

/** Pins <html data-theme> to the user's choice; "system" follows prefers-color-scheme. */
export function useThemeAttribute(): void {
  const theme = useStore(selectTheme);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
