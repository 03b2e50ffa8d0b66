/**
 * The repository explains itself (docs/architecture.md §8): every `docs/<file>.md §N[.M]` or `quirk N` citation in a
 * source file, test, example, script or document resolves to a heading of that document, and nothing cites the
 * reference notes outside the repository.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { anchorsOf, type DocAnchors, findCitations, outsideCitations, unresolved } from './doc-citations.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCANNED_DIRS = ['core', 'adapters', 'server', 'testing', 'test', 'examples', 'bench', 'scripts', 'docs'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', '.git']);
const EXTENSIONS = /\.(?:ts|mts|cts|js|mjs|cjs|json|md|html)$/;
/** This check's own files name the forbidden patterns on purpose. */
const SELF = new Set(['test/architecture/doc-citations.ts', 'test/architecture/doc-citations.test.ts']);

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : filesUnder(path);
    return EXTENSIONS.test(entry.name) ? [path] : [];
  });
}

function repositoryFiles(): string[] {
  const roots = [join(ROOT, 'README.md'), join(ROOT, 'package.json')].filter((f) => existsSync(f));
  return [...roots, ...SCANNED_DIRS.flatMap((d) => filesUnder(join(ROOT, d)))]
    .map((f) => relative(ROOT, f))
    .filter((f) => !SELF.has(f));
}

const anchorCache = new Map<string, DocAnchors | undefined>();
function anchors(doc: string): DocAnchors | undefined {
  if (!anchorCache.has(doc)) {
    const path = join(ROOT, doc);
    anchorCache.set(doc, existsSync(path) ? anchorsOf(readFileSync(path, 'utf8')) : undefined);
  }
  return anchorCache.get(doc);
}

describe('architecture: documentation citations', () => {
  const files = repositoryFiles();

  it('every docs/ citation resolves to a heading of that document', () => {
    let count = 0;
    const broken = files.flatMap((file) =>
      findCitations(readFileSync(join(ROOT, file), 'utf8')).flatMap((citation) => {
        count += citation.sections.length + citation.quirks.length;
        return unresolved(file, citation, anchors(citation.doc));
      }),
    );
    expect(broken, broken.join('\n')).to.deep.equal([]);
    // The repository cites its docs hundreds of times; a scan that finds few has stopped looking.
    expect(count).to.be.greaterThan(300);
  });

  it('nothing cites a document outside the repository', () => {
    const outside = files.flatMap((file) => outsideCitations(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(outside, outside.join('\n')).to.deep.equal([]);
  });

  it('protocol.md keeps every section §0–§12 and quirks 1–24; architecture.md keeps §1–§10', () => {
    const protocol = anchors('docs/protocol.md');
    const architecture = anchors('docs/architecture.md');
    for (let n = 0; n <= 12; n++) expect(protocol?.sections.has(String(n)), `protocol.md §${n}`).to.equal(true);
    for (let n = 1; n <= 24; n++) expect(protocol?.quirks.has(n), `protocol.md quirk ${n}`).to.equal(true);
    for (let n = 1; n <= 10; n++) expect(architecture?.sections.has(String(n)), `architecture.md §${n}`).to.equal(true);
  });

  describe('the checker', () => {
    const doc = anchorsOf('# T\n## §2 A\n### §2.4 B\n### Quirk 18\n');

    it('reads chains of sections, ranges and quirks', () => {
      const [c] = findCitations('see docs/protocol.md §2.4, §8.2, quirk 18). And more');
      expect(c).to.deep.include({ doc: 'docs/protocol.md', sections: ['2.4', '8.2'], quirks: [18] });
      const [r] = findCitations('(docs/protocol.md §2.6–§2.8, quirks 7–8)');
      expect(r?.sections).to.deep.equal(['2.6', '2.8']);
      expect(r?.quirks).to.deep.equal([7, 8]);
      const [q] = findCitations('docs/protocol.md §12 quirks 5 and 21:');
      expect(q?.quirks).to.deep.equal([5, 21]);
      const [b] = findCitations('`docs/protocol.md` §6.3');
      expect(b?.sections).to.deep.equal(['6.3']);
    });

    it('flags a missing section, a missing quirk and a missing document', () => {
      const [ok] = findCitations('docs/x.md §2.4, quirk 18');
      expect(ok && unresolved('f.ts', ok, doc)).to.deep.equal([]);
      const [bad] = findCitations('docs/x.md §2.5, quirk 19');
      expect(bad && unresolved('f.ts', bad, doc)).to.have.length(2);
      expect(ok && unresolved('f.ts', ok, undefined)).to.deep.equal(['f.ts:1: docs/x.md does not exist']);
    });

    it('flags citations of the notes outside the repository, not ordinary words', () => {
      // The samples are assembled from parts so that a repository-wide grep for such citations finds none here.
      const notes = ['PROTOCOL', 'DESIGN'];
      expect(outsideCitations('f.ts', `// see ${notes[0]} §6.2`)).to.have.length(1);
      expect(outsideCitations('f.ts', `// ${notes[1]}.md says so`)).to.have.length(1);
      expect(outsideCitations('f.ts', `import x from '${'..'}/shared/chat-app.js';`)).to.deep.equal([]);
      expect(outsideCitations('f.ts', '// the protocol design')).to.deep.equal([]);
    });
  });
});
