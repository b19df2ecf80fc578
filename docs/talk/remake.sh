#!/bin/sh
# Remakes the pictures and the list of this folder from the example talk, as the audience sees it:
# TalkStoryTest gives the talk (F5, Page Down only) and writes each slide at 1920x1080 to target/talk/;
# they are scaled here to 1280x720 (ImageMagick's convert). Run from the project's top folder.
set -e
mvn -B -q test -Dtest='TalkStoryTest#fromAFreshStart*' -Dsurefire.failIfNoSpecifiedTests=false
for f in target/talk/slide-*.png; do
  convert "$f" -resize 1280x720 "docs/talk/$(basename "$f")"
done
python3 - <<'PY'
import re
talk = open('src/main/resources/dev/unroll/app/stage/example.talk', encoding='utf-8').read()
slides = re.findall(r'^\[(\w+)\]\ntitle = (.*)$', talk, re.M)
head = open('docs/talk/README.md', encoding='utf-8').read().split('\n1. **')[0]
items = ['%d. **%s** (`[%s]`)  \n   ![slide %d](slide-%02d.png)\n' % (i + 1, t, v, i + 1, i + 1) for i, (v, t) in enumerate(slides)]
open('docs/talk/README.md', 'w', encoding='utf-8').write(head + '\n' + '\n'.join(items))
PY
