/**
 * How packages may reach `@pubkit/core` (docs/architecture.md §3, rule 2), as pure functions over source text, so the
 * test can check the repository and hand-made examples alike.
 *
 * Outside core, a module imports `@pubkit/core` (the public entry) and nothing deeper: no subpath
 * (`@pubkit/core/internal`, `@pubkit/core/dist/…`) and no relative path into `core/`. Only tests may use
 * `@pubkit/core/internal`, to check core's implementation details one by one.
 */

/** Module specifiers a file imports or re-exports, statically or dynamically, with their 1-based lines. */
export function importedSpecifiers(source: string): Array<{ specifier: string; line: number }> {
  const found: Array<{ specifier: string; line: number }> = [];
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
  ];
  for (const re of patterns) {
    for (const match of source.matchAll(re)) {
      const specifier = match[1];
      if (specifier !== undefined) {
        found.push({ specifier, line: source.slice(0, match.index).split('\n').length });
      }
    }
  }
  return found;
}

/** Why `specifier` is not allowed in a module of `file`, or undefined when it is. */
export function coreImportViolation(file: string, specifier: string, allowInternal: boolean): string | undefined {
  if (specifier === '@pubkit/core') return undefined;
  if (specifier === '@pubkit/core/internal') {
    return allowInternal ? undefined : 'imports @pubkit/core/internal: use the public entry @pubkit/core';
  }
  if (specifier.startsWith('@pubkit/core/')) return `imports ${specifier}: use the public entry @pubkit/core`;
  if (/^(?:\.\.?\/)+(?:.*\/)?core\/(?:src|dist)(?:\/|$)/.test(specifier) && !file.startsWith('core/')) {
    return `imports ${specifier} by path: use the public entry @pubkit/core`;
  }
  return undefined;
}
