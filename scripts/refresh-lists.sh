#!/usr/bin/env bash
# Rebuilds the public lists Outpost classifies with, and the corpora its accuracy tests run over, from the
# packages and files they are published in. Run from the repository root, then run the attribution and
# bot tests and update the ACCURACY figures in BENCHMARKS.md.
#
#   bash scripts/refresh-lists.sh                       # the npm and Debian packages only
#   MATOMO_DIR=../searchengine-and-social-list \
#   SNOWPLOW_DIR=../referer-parser bash scripts/refresh-lists.sh   # plus checkouts of the two GitHub lists
#
# What comes from where (versions pinned below; bump them on purpose):
#   crawler-user-agents (npm)          -> ingest/crawler-user-agents.txt (patterns), test corpus of its instances
#   uap-core (Debian package)           -> test corpus: browser User-Agents of tests/test_ua.yaml
#   user-agents (npm, Intoli)           -> test corpus: real browser User-Agents with market share
#   Matomo searchengine-and-social-list -> attribution/lists/matomo.tsv            (needs MATOMO_DIR)
#   Snowplow referer-parser             -> attribution/lists/snowplow.tsv and the referer-tests fixture
#                                          (needs SNOWPLOW_DIR: resources/referers.yml, referer-tests.json)
# Needs npm, apt-get (Debian; run apt-get update once), python3 with PyYAML. The headers of matomo.tsv,
# snowplow.tsv and referer-tests.tsv are kept: update the commit they name to the checkout's.
set -euo pipefail
cd "$(dirname "$0")/.."
CRAWLERS=crawler-user-agents@1.60.0
INTOLI=user-agents@2.1.198
MAIN=src/main/resources/dev/outpost
TEST=src/test/resources/dev/outpost/lists
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$TEST"

(cd "$WORK" && npm pack -q "$CRAWLERS" "$INTOLI" >/dev/null && for f in *.tgz; do mkdir "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done)
(cd "$WORK" && apt-get download -q uap-core >/dev/null 2>&1 && dpkg-deb -x uap-core_*.deb uap)

python3 - "$WORK" "$MAIN" "$TEST" "$CRAWLERS" "$INTOLI" "$(cd "$WORK" && ls uap-core_*.deb)" <<'PY'
import glob, json, sys, yaml
work, main, test, crawlers, intoli, uapdeb = sys.argv[1:]

def one_line(s):
    return s.replace('\t', ' ').replace('\n', ' ').strip()

cua = json.load(open(glob.glob(work + '/crawler-user-agents-*/package/crawler-user-agents.json')[0]))
with open(main + '/ingest/crawler-user-agents.txt', 'w') as f:
    f.write('# Patterns of monperrus/crawler-user-agents, npm package %s, one Java regex a line, matched\n'
            '# case-sensitively anywhere in the User-Agent. Licence: MIT (c) 2017 Martin Monperrus; the notice\n'
            '# is in README ("Where the lists come from"). Regenerate with scripts/refresh-lists.sh.\n' % crawlers)
    for e in cua:
        f.write(e['pattern'] + '\n')
with open(test + '/crawler-user-agents-instances.txt', 'w') as f:
    f.write('# The "instances" of npm %s (MIT), one User-Agent a line: crawlers to be dropped.\n' % crawlers)
    seen = set()
    for e in cua:
        for ua in e.get('instances', []):
            ua = one_line(ua)
            if ua and ua not in seen:
                seen.add(ua); f.write(ua + '\n')

cases = yaml.safe_load(open(work + '/uap/usr/share/uap-core/tests/test_ua.yaml'))['test_cases']
with open(test + '/uap-core-test-ua.tsv', 'w') as f:
    f.write('# uap-core tests/test_ua.yaml (Debian %s, Apache-2.0): family<TAB>User-Agent, every case.\n' % uapdeb)
    for c in cases:
        f.write('%s\t%s\n' % (one_line(str(c['family'])), one_line(c['user_agent_string'])))

agents = json.load(open(glob.glob(work + '/user-agents-*/package/dist/user-agents.json')[0]))
with open(test + '/intoli-user-agents.txt', 'w') as f:
    f.write('# Distinct User-Agents of npm %s (BSD-2-Clause, Intoli LLC): real browsers seen on real sites.\n' % intoli)
    for ua in sorted({one_line(a['userAgent']) for a in agents}):
        f.write(ua + '\n')
PY

if [ -n "${MATOMO_DIR:-}" ]; then
  python3 - "$MATOMO_DIR" "$MAIN/attribution/lists/matomo.tsv" <<'PY'
import sys, yaml
src, out = sys.argv[1:]
head = [l for l in open(out, encoding='utf-8') if l.startswith('#')]
rows = []
for channel, name in (('search', 'SearchEngines.yml'), ('social', 'Socials.yml'), ('ai', 'AIAssistants.yml')):
    for entry, value in yaml.safe_load(open(src + '/' + name, encoding='utf-8')).items():
        urls = [u for block in value for u in block['urls']] if channel == 'search' else value
        rows.append('%s\t%s\t%s\n' % (channel, entry, ' '.join(u.strip() for u in urls)))
open(out, 'w', encoding='utf-8').writelines(head + rows)
PY
fi

if [ -n "${SNOWPLOW_DIR:-}" ]; then
  python3 - "$SNOWPLOW_DIR/resources" "$MAIN/attribution/lists/snowplow.tsv" "$TEST/referer-tests.tsv" <<'PY'
import json, sys, yaml
src, out, tests = sys.argv[1:]
head = [l for l in open(out, encoding='utf-8') if l.startswith('#')]
rows = ['%s\t%s\t%s\n' % (medium, name.strip(), ' '.join(d.strip() for d in v['domains']))
        for medium, entries in yaml.safe_load(open(src + '/referers.yml', encoding='utf-8')).items()
        for name, v in entries.items()]
open(out, 'w', encoding='utf-8').writelines(head + rows)
head = [l for l in open(tests, encoding='utf-8') if l.startswith('#')]
rows = ['%s\t%s\t%s\t%s\n' % (t['spec'], t['uri'], t['medium'], t['source'])
        for t in json.load(open(src + '/referer-tests.json', encoding='utf-8'))]
open(tests, 'w', encoding='utf-8').writelines(head + rows)
PY
fi
wc -c "$MAIN"/ingest/crawler-user-agents.txt "$MAIN"/attribution/lists/*.tsv "$TEST"/*
