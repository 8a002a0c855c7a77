// The duplicate / correction / conflict / resolution rules of issue 4, with no store and no clock.
#include "daemon/pipeline/report_policy.hpp"

#include <algorithm>

namespace smsgw {

std::string_view to_string(Disposition d) {
    switch (d) {
        case Disposition::new_report: return "new";
        case Disposition::duplicate: return "duplicate";
        case Disposition::correction: return "correction";
        case Disposition::conflict: return "conflict";
        case Disposition::resolution: return "resolution";
        case Disposition::rejected: return "rejected";
        case Disposition::unregistered: return "unregistered";
        case Disposition::incident: return "incident";
        case Disposition::error: return "error";
    }
    return "error";
}

namespace {

using Count = PolicyDecision::Count;

PolicyDecision incident(const PolicyInput& in) {
    // A monitor resending because unsure sends the same codes and comment; a second incident of the
    // same kind differs at least in its comment (or comes from someone else) and is kept as its own.
    const bool resent = std::any_of(in.earlier.begin(), in.earlier.end(), [&](const EarlierReport& e) {
        return e.same_sender && e.status != Status::rejected && e.normalized == in.normalized && e.comment == in.comment;
    });
    PolicyDecision d;
    d.disposition = resent ? Disposition::duplicate : Disposition::incident;
    d.current = !resent;
    return d;
}

PolicyDecision conflict(std::vector<std::int64_t> flag, std::vector<std::int64_t> supersede) {
    PolicyDecision d;
    d.disposition = Disposition::conflict;
    d.current = d.conflict = true;
    d.count = Count::withdraw;
    d.flag_conflict = std::move(flag);
    d.supersede = std::move(supersede);
    d.conflict_error = true;
    return d;
}

}  // namespace

PolicyDecision decide(const PolicyInput& in) {
    PolicyDecision d;
    if (in.status == Status::rejected) {
        d.disposition = in.unregistered ? Disposition::unregistered : Disposition::rejected;
        return d;
    }
    if (in.kind == FormKind::incident) return incident(in);

    const auto& cur = in.earlier;
    if (cur.empty()) {
        d.disposition = Disposition::new_report;
        d.current = true;
        d.count = Count::set;
        return d;
    }
    const bool in_conflict =
        cur.size() > 1 || std::any_of(cur.begin(), cur.end(), [](const EarlierReport& e) { return e.conflict; });

    if (!in_conflict) {
        const EarlierReport& counted = cur.front();
        if (counted.normalized == in.normalized) {
            d.disposition = Disposition::duplicate;  // resent because unsure: tell them it is in
            return d;
        }
        if (counted.same_sender) {
            d.disposition = Disposition::correction;
            d.current = true;
            d.count = Count::set;
            d.supersede = {counted.id};
            return d;
        }
        return conflict({counted.id}, {});
    }

    if (in.assigned) {
        d.disposition = Disposition::resolution;
        d.current = true;
        d.count = Count::set;
        for (const EarlierReport& e : cur) {
            d.supersede.push_back(e.id);
            if (e.conflict) d.clear_conflict.push_back(e.id);
        }
        return d;
    }
    const auto own = std::find_if(cur.begin(), cur.end(), [](const EarlierReport& e) { return e.same_sender; });
    if (own != cur.end() && own->normalized == in.normalized) {
        d.disposition = Disposition::duplicate;
        d.conflict_error = true;  // their report is in, but the station is still disputed
        return d;
    }
    // The sender's own earlier conflicting version is replaced by this one, so a conflict holds at
    // most one current version per phone.
    return conflict({}, own != cur.end() ? std::vector<std::int64_t>{own->id} : std::vector<std::int64_t>{});
}

}  // namespace smsgw
