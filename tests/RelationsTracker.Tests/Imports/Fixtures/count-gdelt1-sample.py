# Expected import outcomes of a GDELT 1.0 file, derived without the C# readers (see README.md beside this file).
import csv, sys, collections, datetime
ref = sys.argv[1]            # src/RelationsTracker/Reference
iso = {r['alpha3'] for r in csv.DictReader(open(f'{ref}/countries.csv', encoding='utf-8'))}
alias = {r['alias'].upper(): r['alpha3'] for r in csv.DictReader(open(f'{ref}/country-aliases.csv', encoding='utf-8')) if r['scheme'] == 'cameo'}
codes = {r['code'] for r in csv.DictReader(open(f'{ref}/cameo-codes.csv', encoding='utf-8'))}
def country(c):
    c = c.strip().upper()
    if c in alias: return alias[c] or '?'
    return c if c in iso else '?'
out = collections.Counter(); seen = set(); kinds = collections.Counter()
for line in open(sys.argv[2], encoding='utf-8'):
    f = line.rstrip('\n').split('\t')
    if len(f) not in (57, 58) or not f[0].strip(): out['Malformed'] += 1; continue
    try: d = datetime.date(int(f[1][:4]), int(f[1][4:6]), int(f[1][6:8])); assert len(f[1]) == 8
    except Exception: out['UnparseableDate'] += 1; continue
    code = f[26].strip()
    if code not in codes: out['UnparseableCode'] += 1; continue
    a1, a2 = f[7].strip(), f[17].strip()
    if not a1 or not a2: out['MissingCountry'] += 1; continue
    c1, c2 = country(a1), country(a2)
    if c1 == '?' or c2 == '?': out['UnknownCountry'] += 1; continue
    if c1 == c2: out['Domestic'] += 1; continue
    url = f[57].strip() if len(f) == 58 else ''
    if code in ('042', '043') and url.startswith(('http://', 'https://')):
        visitor, host = (c2, c1) if code == '043' else (c1, c2)
        key = (d, visitor, host, url)
        if key in seen: out['Duplicate'] += 1; continue
        seen.add(key)
    out['Accepted'] += 1; kinds[code] += 1
print(sum(out.values()), dict(out))
print('visits', kinds['042'] + kinds['043'], 'of which 042', kinds['042'])
