#!/usr/bin/env bash
# Regenerates the embedded agenda fonts from Debian's font packages.
# Needs: apt-get install -y fonts-dejavu-core fonts-nanum fonts-droid-fallback python3-fonttools
# (run with Debian's python3, which has fontTools).
#
# Latin.ttf / LatinBold.ttf: DejaVu Sans (Bitstream Vera licence + public
#   domain DejaVu changes, LICENSE-DejaVu.txt), subset to Latin (all of
#   Vietnamese), Greek, Cyrillic, punctuation and a few symbols.
# Hangul.ttf: NanumGothic (SIL OFL 1.1, LICENSE-OFL-Nanum.txt), subset to
#   Hangul (all 11,172 syllables and the jamo) and CJK punctuation. The OFL
#   reserves the name "Nanum" for the original, so the subset is renamed
#   "Techmatch Hangul Gothic".
# CJK.ttf: Droid Sans Fallback (Apache License 2.0, LICENSE-Apache-Droid.txt),
#   subset to kana and the Han characters of JIS X 0208 levels 1 and 2
#   (Japanese) and GB 2312 level 1 (common Chinese), 7,740 in all; renamed
#   "Techmatch CJK Gothic" (Droid is a Google trademark).
set -euo pipefail
# Fixed timestamps in the font headers, so a rebuild gives the same bytes.
export SOURCE_DATE_EPOCH=1764547200
cd "$(dirname "$0")"
PY=/usr/bin/python3
LATIN="U+0020-007E,U+00A0-024F,U+0259,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-04FF,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2212,U+2500-257F,U+25A0-25FF,U+2713-2717,U+FFFD"
HANGUL="U+1100-11FF,U+3000-303F,U+3130-318F,U+A960-A97F,U+AC00-D7A3,U+D7B0-D7FF"
$PY -m fontTools.subset /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
  --unicodes="$LATIN" --no-hinting --layout-features='kern,liga' --output-file=Latin.ttf
$PY -m fontTools.subset /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf \
  --unicodes="$LATIN" --no-hinting --layout-features='kern,liga' --output-file=LatinBold.ttf
$PY - <<'PYEOF' > han.txt
# The Han characters of JIS X 0208 (rows 16-84) and GB 2312 level 1 (16-55).
out = set()
for codec, rows in (("euc_jp", range(16, 85)), ("gb2312", range(16, 56))):
    for r in rows:
        for c in range(1, 95):
            try:
                ch = bytes([0xA0 + r, 0xA0 + c]).decode(codec)
            except UnicodeDecodeError:
                continue
            if 0x4E00 <= ord(ch) <= 0x9FFF:
                out.add(ch)
print("".join(sorted(out)))
PYEOF
$PY -m fontTools.subset /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf \
  --text-file=han.txt --unicodes="U+3000-30FF,U+31F0-31FF,U+FF00-FFEF" \
  --no-hinting --layout-features='' --output-file=CJK.ttf
rm han.txt
$PY -m fontTools.subset /usr/share/fonts/truetype/nanum/NanumGothic.ttf \
  --unicodes="$HANGUL" --no-hinting --layout-features='' --output-file=Hangul.ttf
# Nested composite glyphs are flattened into plain outlines: Vietnamese
# letters with two marks (ế, ầ, ễ) are composites of composites in DejaVu,
# and PDF libraries that subset fonts (ours among them) follow only one
# level of components, which drops the marks. One-level composites (most
# Hangul syllables) stay as they are, which keeps the files small.
$PY - <<'PYEOF'
from fontTools.ttLib import TTFont
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
for path in ("Latin.ttf", "LatinBold.ttf", "Hangul.ttf", "CJK.ttf"):
    f = TTFont(path)
    gs, glyf = f.getGlyphSet(), f["glyf"]
    flat = 0
    for name in f.getGlyphOrder():
        g = glyf[name]
        if g.isComposite() and any(glyf[c.glyphName].isComposite() for c in g.components):
            rec = DecomposingRecordingPen(gs)
            gs[name].draw(rec)
            pen = TTGlyphPen(None)
            rec.replay(pen)
            glyf[name] = pen.glyph()
            flat += 1
    f.save(path)
    print(path, "flattened", flat, "nested composite glyphs")
f = TTFont("Hangul.ttf")
name = f["name"]
for rec in name.names:
    if rec.nameID in (1, 4, 16):
        rec.string = "Techmatch Hangul Gothic"
    elif rec.nameID in (3,):
        rec.string = "Techmatch Hangul Gothic subset of NanumGothic 3.021"
    elif rec.nameID == 6:
        rec.string = "TechmatchHangulGothic"
f.save("Hangul.ttf")
f = TTFont("CJK.ttf")
for rec in f["name"].names:
    if rec.nameID in (1, 4, 16):
        rec.string = "Techmatch CJK Gothic"
    elif rec.nameID == 3:
        rec.string = "Techmatch CJK Gothic subset of Droid Sans Fallback"
    elif rec.nameID == 6:
        rec.string = "TechmatchCJKGothic"
f["name"].setName("Modified by techmatch: subset to kana and 7,740 Han characters, "
                  "nested composite glyphs flattened (api/export/fonts/subset.sh)", 10, 3, 1, 0x409)
f.save("CJK.ttf")
PYEOF
ls -l ./*.ttf
