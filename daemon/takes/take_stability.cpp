// stable_since: one backward pass over the takes, comparing options by tag (a take's options follow its codebook).
#include "daemon/takes/take_stability.hpp"

namespace smsgw {

const store::TakeTarget* target_of(const store::Take& take, std::string_view contest, int district) {
    for (const auto& t : take.targets)
        if (t.contest == contest && t.district == district) return &t;
    return nullptr;
}

std::optional<Stability> stable_since(const std::vector<store::Take>& takes, std::string_view contest, int district) {
    const store::TakeTarget* latest = nullptr;
    std::size_t last = takes.size();
    while (last-- > 0) {
        latest = target_of(takes[last], contest, district);
        if (latest && latest->reported > 0) break;
        latest = nullptr;
    }
    if (!latest) return std::nullopt;
    auto inside = [&](const store::TakeTarget& t) {
        for (const auto& ref : latest->measures) {
            if (ref.kind != store::TakeMeasureKind::option || !ref.share) continue;
            const store::TakeMeasure* m = nullptr;
            for (const auto& x : t.measures)
                if (x.kind == store::TakeMeasureKind::option && x.tag == ref.tag) m = &x;
            if (!m || !m->share) return false;
            if (*m->share < *ref.share - ref.margin95 || *m->share > *ref.share + ref.margin95) return false;
        }
        return true;
    };
    std::size_t first = last;
    while (first > 0) {
        const store::TakeTarget* t = target_of(takes[first - 1], contest, district);
        if (!t || t->reported == 0 || !inside(*t)) break;
        --first;
    }
    if (first == last) return std::nullopt;
    const store::TakeTarget* t = target_of(takes[first], contest, district);
    return Stability{takes[first].number, t->sampled ? double(t->reported) / t->sampled : 0.0, last - first + 1};
}

}  // namespace smsgw
