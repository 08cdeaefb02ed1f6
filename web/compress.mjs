// compress.mjs - precompresses the built UI: for each text file in dist (js, css, html, svg, json, webmanifest)
// of 512 bytes or more, writes FILE.br (Brotli, quality 11) and FILE.gz (gzip -9) beside it when smaller;
// lianxin serves them by the request's Accept-Encoding (src/app/static_files.c).
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const root = path.resolve(process.argv[2] || 'dist')
const TEXT = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/
let files = 0, raw = 0, br = 0

function walk(dir) {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name)
    if (ent.isDirectory()) walk(p)
    else if (TEXT.test(ent.name)) compress(p)
  }
}

function compress(p) {
  const data = fs.readFileSync(p)
  if (data.length < 512) return
  const b = zlib.brotliCompressSync(data, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length }
  })
  const g = zlib.gzipSync(data, { level: 9 })
  if (b.length < data.length) fs.writeFileSync(p + '.br', b)
  if (g.length < data.length) fs.writeFileSync(p + '.gz', g)
  files++; raw += data.length; br += Math.min(b.length, data.length)
}

walk(root)
console.log(`compress.mjs: ${files} files, ${(raw / 1024).toFixed(0)} KB -> ${(br / 1024).toFixed(0)} KB brotli`)
