// make_take: a field-for-field copy of the estimate, with undefined ratios kept as "no data" (never 0).
#include "daemon/takes/take_builder.hpp"

namespace smsgw {

namespace {

store::TakeMeasure measure(store::TakeMeasureKind kind, std::string tag, std::string versus, const RatioEstimate& r) {
    store::TakeMeasure m;
    m.kind = kind;
    m.tag = std::move(tag);
    m.versus = std::move(versus);
    if (r.defined) {
        m.share = r.share;
        m.margin95 = r.margin95;
        m.margin99 = r.margin99;
    }
    return m;
}

}  // namespace

store::Take make_take(const Estimates& estimates, const std::vector<ContestProgress>& progress,
                      store::TakeTrigger trigger, std::int64_t counted, SystemTime at,
                      std::string codebook_version) {
    store::Take take;
    take.at = at;
    take.trigger = trigger;
    take.counted = counted;
    take.codebook_version = std::move(codebook_version);
    for (const ContestEstimate& c : estimates.contests) {
        store::TakeTarget t;
        t.contest = c.contest;
        t.district = c.district;
        t.sampled = c.sampled;
        t.reported = c.reported;
        t.call = c.call_text();
        t.complete_coverage = c.complete_coverage;
        using K = store::TakeMeasureKind;
        for (const OptionEstimate& o : c.options) t.measures.push_back(measure(K::option, o.tag, "", o.estimate));
        t.measures.push_back(measure(K::turnout, "", "", c.turnout));
        t.measures.push_back(measure(K::invalid, "", "", c.invalid));
        if (c.has_lead) t.measures.push_back(measure(K::lead, c.lead.a, c.lead.b, c.lead.estimate));
        for (const ContestProgress& p : progress)
            if (p.contest == c.contest && p.district == c.district)
                for (const ProgressRow& s : p.strata) t.strata.push_back({s.id, s.sampled, s.reported});
        take.targets.push_back(std::move(t));
    }
    return take;
}

}  // namespace smsgw
