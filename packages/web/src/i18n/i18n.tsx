import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { LANGUAGES, format, preferredLanguage, type Language, type MessageKey } from './messages.ts';

const STORAGE_KEY = 'aethercore.lang';

interface I18n {
  readonly lang: Language;
  readonly setLang: (lang: Language) => void;
  readonly t: (key: MessageKey, vars?: Readonly<Record<string, string>>) => string;
  /** Numbers and times in the conventions of the language (decimal comma in German). */
  readonly locale: string;
}

const Ctx = createContext<I18n | undefined>(undefined);

function readStored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled (privacy mode): fall back to the browser's language
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(() => preferredLanguage(readStored(), navigator.languages));
  const setLang = useCallback((l: Language) => {
    setLangState(l);
    document.documentElement.lang = l;
    try {
      window.localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // not remembered, but still switched
    }
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => format(LANGUAGES[lang][key], vars),
      locale: lang === 'de' ? 'de-DE' : 'en-GB',
    }),
    [lang, setLang],
  );
  document.documentElement.lang = lang;
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (v === undefined) throw new Error('useI18n outside I18nProvider');
  return v;
}
