/**
 * What each package tells npm: the fields a registry page and a user's installer read. publint and attw (in
 * `npm run lint`) check that the fields agree with the files; this checks that the fields are there at all, and
 * that the frameworks are peers, so an app keeps its own copy of Express, Koa or Socket.IO.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const root = JSON.parse(read('package.json')) as { workspaces: string[]; devDependencies: Record<string, string> };

interface Manifest {
  name: string;
  description?: string;
  keywords?: string[];
  license?: string;
  homepage?: string;
  repository?: { type: string; url: string; directory: string };
  sideEffects?: boolean | string[];
  files?: string[];
  scripts?: Record<string, string>;
  publishConfig?: { access?: string };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const manifests = root.workspaces.map((dir) => ({ dir, pkg: JSON.parse(read(`${dir}/package.json`)) as Manifest }));

/** The peers each adapter declares, with the versions the workspace tests them at. */
const PEERS: Record<string, { peers: Record<string, string>; optional: string[] }> = {
  '@pubkit/express': { peers: { express: '^4.22.3 || ^5.3.0' }, optional: [] },
  '@pubkit/koa': { peers: { koa: '^3.3.0' }, optional: [] },
  '@pubkit/socketio': { peers: { 'socket.io': '^4.8.4', ws: '^8.23.0' }, optional: ['ws'] },
};

describe('packaging: package metadata', () => {
  it('the root and every package carry the same MIT LICENSE, and the root a CHANGELOG.md', () => {
    const license = read('LICENSE');
    expect(license).to.match(/^MIT License\n/);
    for (const { dir } of manifests) expect(read(`${dir}/LICENSE`), `${dir}/LICENSE`).to.equal(license);
    expect(read('CHANGELOG.md')).to.match(/^# Changelog\n[\s\S]*## \[Unreleased\]/);
  });

  it('every package has a description, keywords, links, public access, sideEffects, files and a prepack build', () => {
    for (const { dir, pkg } of manifests) {
      const where = `${dir}/package.json`;
      expect(pkg.description, where).to.be.a('string').with.length.above(40);
      expect(pkg.keywords, where).to.be.an('array').that.includes('pubnub');
      expect(pkg.license, where).to.equal('MIT');
      expect(pkg.repository?.directory, where).to.equal(dir);
      expect(pkg.homepage, where).to.contain(`/${dir}#readme`);
      expect(pkg.publishConfig?.access, where).to.equal('public');
      expect(pkg.sideEffects, where).to.not.equal(undefined);
      expect(pkg.files, where).to.include.members(['dist', 'LICENSE']);
      expect(pkg.scripts?.prepack, where).to.match(
        new RegExp(`^tsc -b && node (\\.\\./)+scripts/bundle\\.mjs ${dir}$`),
      );
    }
  });

  it('express, koa, socket.io and ws are peers (ws optional), installed in the workspace as devDependencies', () => {
    for (const { pkg } of manifests) {
      const expected = PEERS[pkg.name] ?? { peers: {}, optional: [] };
      expect(pkg.peerDependencies ?? {}, pkg.name).to.deep.equal(expected.peers);
      const optional = Object.entries(pkg.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional === true);
      expect(optional.map(([name]) => name)).to.deep.equal(expected.optional);
      for (const peer of Object.keys(expected.peers)) {
        expect(pkg.dependencies ?? {}, `${pkg.name}: ${peer} is still a dependency`).not.to.have.property(peer);
        expect(pkg.devDependencies ?? {}, `${pkg.name}: ${peer} not installed for the workspace`).to.have.property(
          peer,
        );
      }
    }
    // Both Express majors of the peer range are installed, and test/adapters/express runs against each.
    expect(root.devDependencies['express-4']).to.match(/^npm:express@\^4\./);
    expect(read('test/adapters/express/routes.test.ts')).to.contain("from 'express-4'");
  });
});
