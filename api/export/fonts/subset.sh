#!/usr/bin/env bash
# Regenerates the embedded agenda fonts from Debian's font packages.
# Needs: apt-get install -y fonts-dejavu-core fonts-nanum python3-fonttools
# (run with Debian's python3, which has fontTools).
#
# Latin.ttf / LatinBold.ttf: DejaVu Sans (Bitstream Vera licence + public
#   domain DejaVu changes, LICENSE-DejaVu.txt), subset to Latin (all of
#   Vietnamese), Greek, Cyrillic, punctuation and a few symbols.
# Hangul.ttf: NanumGothic (SIL OFL 1.1, LICENSE-OFL-Nanum.txt), subset to
#   Hangul (all 11,172 syllables and the jamo) and CJK punctuation. The OFL
#   reserves the name "Nanum" for the original, so the subset is renamed
#   "Techmatch Hangul Gothic".
set -euo pipefail
cd "$(dirname "$0")"
PY=/usr/bin/python3
LATIN="U+0020-007E,U+00A0-024F,U+0259,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-04FF,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2212,U+2500-257F,U+25A0-25FF,U+2713-2717,U+FFFD"
HANGUL="U+1100-11FF,U+3000-303F,U+3130-318F,U+A960-A97F,U+AC00-D7A3,U+D7B0-D7FF"
$PY -m fontTools.subset /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
  --unicodes="$LATIN" --no-hinting --layout-features='kern,liga' --output-file=Latin.ttf
$PY -m fontTools.subset /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf \
  --unicodes="$LATIN" --no-hinting --layout-features='kern,liga' --output-file=LatinBold.ttf
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
for path in ("Latin.ttf", "LatinBold.ttf", "Hangul.ttf"):
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
PYEOF
ls -l ./*.ttf
