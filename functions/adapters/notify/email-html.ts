import { escapeHtml } from '../../domain/html.ts';

/** The HTML part of an e-mail, from its text: paragraphs kept, every link a button-like anchor. */
export function emailHtml(text: string, links: readonly string[]): string {
  const linkify = (line: string) => {
    let out = escapeHtml(line);
    for (const link of links) {
      const safe = escapeHtml(link);
      out = out
        .split(safe)
        .join(
          `<a href="${safe}" style="display:inline-block;padding:6px 14px;background:#0a6b2d;color:#fff;border-radius:4px;text-decoration:none">${safe}</a>`,
        );
    }
    return out;
  };
  const paragraphs = text
    .split(/\n{2,}/)
    .map((block) => `<p>${block.split('\n').map(linkify).join('<br>')}</p>`)
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><body style="font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;color:#1a1a1a">${paragraphs}</body></html>`;
}
