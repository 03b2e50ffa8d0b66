/**
 * How comments cite the repository's docs (docs/architecture.md §8), as pure functions over text, so the test can
 * check both the repository and hand-made examples.
 *
 * A citation is `docs/<name>.md` followed by a chain of section and quirk references:
 * `docs/protocol.md §2.4, §8.2, quirk 18`, `docs/protocol.md §2.6–§2.8`, `docs/protocol.md quirks 7–8`. Each
 * section must be a heading `§N[.M]` of that document and each quirk a heading `Quirk N`. A reference to the
 * reference notes outside the repository (their file names, with or without a section sign) is never allowed.
 */

/** One citation found in a file. */
export interface Citation {
  /** The cited document, e.g. `docs/protocol.md`. */
  readonly doc: string;
  /** Section numbers cited, e.g. `2.4`. */
  readonly sections: readonly string[];
  /** Quirk numbers cited. */
  readonly quirks: readonly number[];
  /** 1-based line of the citation. */
  readonly line: number;
}

/** The anchors a document offers. */
export interface DocAnchors {
  readonly sections: ReadonlySet<string>;
  readonly quirks: ReadonlySet<number>;
}

const DOC = /docs\/([a-z0-9-]+)\.md`?/g;
/** One element of a chain after the document name: separators, then a section or a quirk list. */
const CHAIN_ITEM = /^(?:[\s,;/–-]|and\b|`)*(?:§\s?(\d+(?:\.\d+)*)|quirks?\s+(\d+(?:\s*(?:–|-|,|and)\s*\d+)*))/;

/** Expands `5`, `7–8`, `5 and 7`, `3, 4` to the quirk numbers they name. */
function quirkNumbers(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(/\s*(?:,|and)\s*/)) {
    const range = /^(\d+)\s*[–-]\s*(\d+)$/.exec(part.trim());
    if (range) {
      for (let n = Number(range[1]); n <= Number(range[2]); n++) out.push(n);
    } else if (/^\d+$/.test(part.trim())) {
      out.push(Number(part.trim()));
    }
  }
  return out;
}

/** Every `docs/<name>.md` citation in `text`, with the sections and quirks that follow it. */
export function findCitations(text: string): Citation[] {
  const found: Citation[] = [];
  for (const match of text.matchAll(DOC)) {
    const start = (match.index ?? 0) + match[0].length;
    let rest = text.slice(start, start + 400);
    const sections: string[] = [];
    const quirks: number[] = [];
    for (let item = CHAIN_ITEM.exec(rest); item; item = CHAIN_ITEM.exec(rest)) {
      if (item[1] !== undefined) sections.push(item[1]);
      if (item[2] !== undefined) quirks.push(...quirkNumbers(item[2]));
      rest = rest.slice(item[0].length);
    }
    const line = text.slice(0, match.index).split('\n').length;
    found.push({ doc: `docs/${match[1]}.md`, sections, quirks, line });
  }
  return found;
}

/** The `§N[.M]` and `Quirk N` headings of a markdown document. */
export function anchorsOf(markdown: string): DocAnchors {
  const sections = new Set<string>();
  const quirks = new Set<number>();
  for (const line of markdown.split('\n')) {
    const section = /^#{1,6}\s+§(\d+(?:\.\d+)*)\b/.exec(line);
    if (section?.[1] !== undefined) sections.add(section[1]);
    const quirk = /^#{1,6}\s+Quirk\s+(\d+)\b/i.exec(line);
    if (quirk?.[1] !== undefined) quirks.add(Number(quirk[1]));
  }
  return { sections, quirks };
}

/**
 * What in `citation` does not resolve, one line each; `anchors` is undefined when the document does not exist.
 * A section `N.M` resolves to its own heading; a top-level `N` to the heading `§N`.
 */
export function unresolved(file: string, citation: Citation, anchors: DocAnchors | undefined): string[] {
  const where = `${file}:${citation.line}: ${citation.doc}`;
  if (!anchors) return [`${where} does not exist`];
  return [
    ...citation.sections.filter((s) => !anchors.sections.has(s)).map((s) => `${where} has no heading §${s}`),
    ...citation.quirks.filter((q) => !anchors.quirks.has(q)).map((q) => `${where} has no heading Quirk ${q}`),
  ];
}

/** References to documents outside the repository (the reference notes the docs were written from). */
const OUTSIDE = [
  /\b(?:PROTOCOL|DESIGN)(?:\.md)?\s*§/,
  /\b(?:PROTOCOL|DESIGN)\.md\b/,
  /\/work\/shared\b/,
  /\.\.\/shared\/(?:PROTOCOL|DESIGN)/,
];

/** Lines of `text` that cite something outside the repository, as `file:line: text`. */
export function outsideCitations(file: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, i) => (OUTSIDE.some((re) => re.test(line)) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}
