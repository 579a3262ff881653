// Text that people typed (an account name, a reason, a task title), put into a WeCom markdown message
// as plain text: WeCom reads a subset of markdown (bold, links, inline code, quotes, headings) and the
// <font color> tag, so each character that could open one of these is backslash-escaped (CommonMark's
// escape for ASCII punctuation). The reader sees exactly what was typed; nothing typed becomes a link,
// a tag or emphasis. Our own template words are not passed through here.

const INLINE = /[\\`*_[\]<>~|]|&(?=#?[a-zA-Z0-9]+;)/g;

/** `s` as literal markdown text: the reader sees `s`, never markup. */
export function markdownText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(INLINE, (c) => `\\${c}`)
    .replace(/^([ \t]*)([#+-])/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)([.)])/gm, '$1\\$2');
}
