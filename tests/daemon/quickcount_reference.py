#!/usr/bin/env python3
"""Independent reference numbers for test_quickcount_reference.cpp (SPEC.md section 6).

Exact rational arithmetic (fractions) and the textbook two-pass form of the variance: residuals
e = y - p*x per station, their mean per stratum, sum of squared deviations / (r - 1). Square roots
in 40-digit decimal. Shares the C++ code's definitions only through the SPEC and QUICKCOUNT.md
(stratum merging: a region whose strata do not all have >= 2 reports is estimated as one stratum).
Run: python3 tests/daemon/quickcount_reference.py
"""
from decimal import Decimal, getcontext
from fractions import Fraction

getcontext().prec = 40

# code, region, district, registered, stratum, sampled
FRAME = []
def add(codes, region, district, stratum, sampled):
    for c in codes:
        FRAME.append((f"{c:05d}", region, district, 1000, stratum, c in sampled))
add(range(1001, 1007), "01", 1, "01U", {1001, 1002, 1003})
add(range(1007, 1011), "01", 4, "01U", {1007, 1008})
add(range(1011, 1017), "01", 1, "01R", {1011, 1012})
add(range(1017, 1023), "01", 4, "01R", {1017, 1018})
add(range(2001, 2009), "02", 2, "02U", {2001, 2002, 2003})
add(range(2009, 2018), "02", 2, "02R", {2009, 2010})
add(range(3001, 3016), "03", 3, "03U", {3001, 3002, 3003, 3004})
STRATA = ["01U", "01R", "02U", "02R", "03U"]  # codebook order; region = first two characters

# registered voters of the reporting stations (all others: 1000, which never enters an estimate)
REGISTERED = {"01001": 1200, "01002": 1100, "01003": 950, "01007": 1300, "01011": 420, "01012": 380,
              "01017": 510, "02001": 1500, "02002": 1400, "02009": 600, "03001": 2000, "03002": 1800,
              "03003": 1900}

# national party list PL: A, B, C, invalid X, cast T
PL = {"01001": (410, 280, 95, 12, 797), "01002": (380, 301, 120, 9, 810), "01003": (350, 240, 60, 15, 665),
      "01007": (455, 390, 101, 20, 966), "01011": (190, 80, 25, 7, 302), "01012": (150, 95, 30, 4, 279),
      "01017": (240, 70, 41, 11, 362), "02001": (420, 510, 140, 18, 1088), "02002": (390, 470, 160, 25, 1045),
      "02009": (210, 150, 55, 6, 421), "03001": (520, 610, 300, 30, 1460), "03002": (480, 590, 280, 22, 1372),
      "03003": (505, 560, 330, 41, 1436)}
# district contest DM in districts 1 (candidates A, B) and 3 (candidates A, B, C): options..., X, T
DM = {1: {"01001": (500, 280, 17, 797), "01002": (450, 340, 20, 810), "01003": (400, 250, 15, 665),
          "01011": (200, 90, 12, 302), "01012": (170, 100, 9, 279)},
      3: {"03001": (700, 500, 230, 30, 1460), "03002": (650, 480, 220, 22, 1372)}}


def sqrt(f):
    return Fraction(0) if f == 0 else Fraction((Decimal(f.numerator) / Decimal(f.denominator)).sqrt())


def ratio(strata, y, x):
    """strata: list of (N, [station rows]); y, x: functions of a row. Returns (p, sd) as Fractions."""
    num = sum((Fraction(N, len(rows)) * sum(y(s) for s in rows) for N, rows in strata if rows), Fraction(0))
    den = sum((Fraction(N, len(rows)) * sum(x(s) for s in rows) for N, rows in strata if rows), Fraction(0))
    p = num / den
    var = Fraction(0)
    for N, rows in strata:
        r = len(rows)
        if r == 0 or r >= N:
            continue
        e = [y(s) - p * x(s) for s in rows]
        if r == 1:
            s2 = e[0] ** 2
        else:
            mean = sum(e) / r
            s2 = sum((v - mean) ** 2 for v in e) / (r - 1)
        var += Fraction(N * N) * (1 - Fraction(r, N)) * s2 / r
    return p, sqrt(var / den ** 2)


def estimation_strata(district, reports):
    """Cells = codebook strata restricted to the district (all stations for district None); a region
    whose cells do not all have >= 2 reports becomes one stratum."""
    cells = {}
    for code, region, d, _, stratum, sampled in FRAME:
        if district is not None and d != district:
            continue
        cell = cells.setdefault(stratum, [0, []])
        cell[0] += 1
        if sampled and code in reports:
            cell[1].append(code)
    regions = {}
    for h in STRATA:
        if h in cells:
            regions.setdefault(h[:2], []).append(cells[h])
    out = []
    for cs in regions.values():
        if all(len(rows) >= 2 for _, rows in cs):
            out += [(N, rows) for N, rows in cs]
        else:
            out.append((sum(N for N, _ in cs), [s for _, rows in cs for s in rows]))
    return out


def show(name, p, sd, with99=True):
    m95, m99 = sd * Fraction("1.96"), sd * Fraction("2.58")
    line = f"    {name:<10} share {float(p):.15f}  m95 {float(m95):.15f}"
    if with99:
        line += f"  m99 {float(m99):.15f}"
    print(line)
    return p, m95


def contest(label, tags, district, reports):
    strata = estimation_strata(district, reports)
    k = len(tags)
    vals = lambda s: reports[s]
    valid = lambda s: sum(vals(s)[:k])
    print(label)
    shares = []
    for i, t in enumerate(tags):
        shares.append(show(t, *ratio(strata, lambda s, i=i: vals(s)[i], valid)))
    show("turnout", *ratio(strata, lambda s: vals(s)[k + 1], lambda s: REGISTERED[s]), False)
    show("invalid", *ratio(strata, lambda s: vals(s)[k], lambda s: vals(s)[k + 1]), False)
    order = sorted(range(k), key=lambda i: (-shares[i][0], i))
    a, b = order[0], order[1]
    show(f"lead {tags[a]}-{tags[b]}", *ratio(strata, lambda s: vals(s)[a] - vals(s)[b], valid))
    p, m = shares[a]
    call = f"first-round win {tags[a]}" if p - m > Fraction(1, 2) else "run-off" if p + m < Fraction(1, 2) \
        else "undetermined"
    print(f"    call: {call}")


contest("PL (national)", ["A", "B", "C"], None, PL)
contest("DM district 1", ["A", "B"], 1, DM[1])
contest("DM district 3", ["A", "B", "C"], 3, DM[3])
