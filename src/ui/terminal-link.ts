type Env = Readonly<Record<string, string | undefined>>;

const linkingPrograms = new Set(['iTerm.app', 'WezTerm', 'vscode', 'ghostty', 'Hyper', 'Tabby', 'rio']);

/**
 * Whether the terminal turns OSC 8 sequences into clickable links. Terminals that do not may print
 * them as garbage, so only known ones get them; FORCE_HYPERLINK=1/0 overrides.
 */
export function supportsHyperlinks(env: Env, isTty: boolean): boolean {
  const forced = env['FORCE_HYPERLINK'];
  if (forced !== undefined) return forced !== '0' && forced !== 'false';
  if (!isTty || env['TERM'] === 'dumb') return false;
  // tmux and screen pass OSC 8 on only when configured to; the plain URL is safe there.
  if (env['TMUX'] || env['STY']) return false;
  if (env['WT_SESSION'] || env['KONSOLE_VERSION'] || env['DOMTERM']) return true;
  if (env['VTE_VERSION'] && Number(env['VTE_VERSION']) >= 5000) return true;
  if (env['TERM_PROGRAM'] && linkingPrograms.has(env['TERM_PROGRAM'])) return true;
  return env['TERM'] === 'xterm-kitty' || env['TERM'] === 'alacritty' || env['TERM'] === 'foot';
}

/** The URL as visible text, wrapped in OSC 8 when the terminal makes it clickable. */
export function terminalLink(url: string, enabled: boolean, text = url): string {
  return enabled ? `\u001b]8;;${url}\u0007${text}\u001b]8;;\u0007` : text;
}
