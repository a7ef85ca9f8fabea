// Minifies src/outpost.js into dist/outpost.js and writes dist/outpost.js.sha256, which records the
// SHA-256 of the source (and of the build) so that a JUnit test can tell when the committed build is
// stale. Line endings are normalised to \n before hashing, so a CRLF checkout hashes the same.
//
//   npm --prefix tracker-snippet ci && npm --prefix tracker-snippet run build
//
// From the tracker-snippet folder, `sha256sum -c dist/outpost.js.sha256` checks both files.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIMIT = 1024;

const sha256 = (text) => createHash('sha256').update(text.replace(/\r\n/g, '\n'), 'utf8').digest('hex');

const source = readFileSync(join(root, 'src/outpost.js'), 'utf8');
const result = await minify(source, {
  ecma: 2021,
  // booleans_as_integers: `true` becomes `1` (the capture flag, keepalive), which is all the same
  // to addEventListener and fetch.
  compress: { passes: 3, unsafe_arrows: true, unsafe: true, pure_getters: true, booleans_as_integers: true },
  mangle: { toplevel: true },
  format: { comments: false }
});
const code = result.code + '\n';

mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist/outpost.js'), code);
writeFileSync(
  join(root, 'dist/outpost.js.sha256'),
  `${sha256(source)}  src/outpost.js\n${sha256(code)}  dist/outpost.js\n`
);

// At zlib's default level, as the server gzips it. Node's zlib is not the JDK's: the figure can be a
// few bytes off the one SnippetBuildTest measures, which is the one that counts.
const gz = gzipSync(Buffer.from(code)).length;
console.log(`dist/outpost.js: ${code.length} bytes, ${gz} bytes gzipped by Node (limit ${LIMIT}; SnippetBuildTest measures with the JDK)`);
if (gz > LIMIT) {
  console.error(`dist/outpost.js is ${gz} bytes gzipped, over the ${LIMIT}-byte budget`);
  process.exit(1);
}
