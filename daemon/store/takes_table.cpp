// The take tables: one take row, then its targets, each target's measures and strata, by ascending ids.
#include "daemon/store/takes_table.hpp"

#include <sqlite3.h>

#include <map>

namespace smsgw::store {

std::string_view to_string(TakeTrigger t) {
    switch (t) {
        case TakeTrigger::reports: return "reports";
        case TakeTrigger::interval: return "interval";
        case TakeTrigger::final: return "final";
    }
    return "?";
}

std::string_view to_string(TakeMeasureKind k) {
    switch (k) {
        case TakeMeasureKind::option: return "option";
        case TakeMeasureKind::turnout: return "turnout";
        case TakeMeasureKind::invalid: return "invalid";
        case TakeMeasureKind::lead: return "lead";
    }
    return "?";
}

namespace {

// The schema's CHECK lets nothing else in, so an unknown word means a newer writer: read as the default.
TakeTrigger trigger_of(const std::string& s) {
    return s == "interval" ? TakeTrigger::interval : s == "final" ? TakeTrigger::final : TakeTrigger::reports;
}

TakeMeasureKind kind_of(const std::string& s) {
    return s == "turnout" ? TakeMeasureKind::turnout
           : s == "invalid" ? TakeMeasureKind::invalid
           : s == "lead"    ? TakeMeasureKind::lead
                            : TakeMeasureKind::option;
}

}  // namespace

TakesTable::TakesTable(Database& db)
    : db_(db),
      take_(db.prepare("INSERT INTO take (taken_at, reason, counted, codebook_version) VALUES (?1, ?2, ?3, ?4)")),
      target_(db.prepare("INSERT INTO take_target (take_id, contest, district, sampled, reported, call, "
                         "complete_coverage) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")),
      estimate_(db.prepare("INSERT INTO take_estimate (target_id, measure, tag, versus, share, margin95, margin99) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")),
      stratum_(db.prepare("INSERT INTO take_stratum (target_id, stratum, sampled, reported) VALUES (?1, ?2, ?3, ?4)")),
      last_(db.prepare("SELECT id, taken_at FROM take ORDER BY id DESC LIMIT 1")),
      all_takes_(db.prepare("SELECT id, taken_at, reason, counted, codebook_version FROM take ORDER BY id")),
      all_targets_(db.prepare("SELECT id, take_id, contest, district, sampled, reported, call, complete_coverage "
                              "FROM take_target ORDER BY id")),
      all_estimates_(db.prepare("SELECT target_id, measure, tag, versus, share, margin95, margin99 FROM take_estimate "
                                "ORDER BY id")),
      all_strata_(db.prepare("SELECT target_id, stratum, sampled, reported FROM take_stratum ORDER BY id")) {}

Result<std::int64_t> TakesTable::insert(const Take& take) {
    std::int64_t number = 0;
    {
        StatementUse s(take_);
        int rc = s->bind_all(to_millis(take.at), to_string(take.trigger), take.counted, take.codebook_version);
        if (rc == SQLITE_OK) rc = s->step();
        if (rc != SQLITE_DONE) return db_.error("record take", rc);
        number = db_.last_insert_rowid();
    }
    for (const TakeTarget& t : take.targets) {
        std::int64_t target = 0;
        {
            StatementUse s(target_);
            int rc = s->bind_all(number, t.contest, t.district, std::int64_t(t.sampled), std::int64_t(t.reported),
                                 t.call, t.complete_coverage ? 1 : 0);
            if (rc == SQLITE_OK) rc = s->step();
            if (rc != SQLITE_DONE) return db_.error("record take target " + t.contest, rc);
            target = db_.last_insert_rowid();
        }
        for (const TakeMeasure& m : t.measures) {
            StatementUse s(estimate_);
            int rc = s->bind_all(target, to_string(m.kind), m.tag, m.versus, m.share, m.margin95, m.margin99);
            if (rc == SQLITE_OK) rc = s->step();
            if (rc != SQLITE_DONE) return db_.error("record take estimate " + t.contest + " " + m.tag, rc);
        }
        for (const TakeStratum& st : t.strata) {
            StatementUse s(stratum_);
            int rc = s->bind_all(target, st.stratum, std::int64_t(st.sampled), std::int64_t(st.reported));
            if (rc == SQLITE_OK) rc = s->step();
            if (rc != SQLITE_DONE) return db_.error("record take stratum " + st.stratum, rc);
        }
    }
    return number;
}

Result<std::optional<LastTake>> TakesTable::last() {
    StatementUse s(last_);
    int rc = s->step();
    if (rc == SQLITE_DONE) return std::optional<LastTake>();
    if (rc != SQLITE_ROW) return db_.error("load last take", rc);
    return std::optional<LastTake>(LastTake{s->int64(0), from_millis(s->int64(1))});
}

Result<std::vector<Take>> TakesTable::all() {
    std::vector<Take> takes;
    std::map<std::int64_t, std::size_t> take_index;
    std::map<std::int64_t, TakeTarget*> targets;
    int rc;
    {
        StatementUse s(all_takes_);
        while ((rc = s->step()) == SQLITE_ROW) {
            Take t;
            t.number = s->int64(0);
            t.at = from_millis(s->int64(1));
            t.trigger = trigger_of(s->text(2));
            t.counted = s->int64(3);
            t.codebook_version = s->text(4);
            take_index[t.number] = takes.size();
            takes.push_back(std::move(t));
        }
        if (rc != SQLITE_DONE) return db_.error("load takes", rc);
    }
    {
        // Targets are appended per take first; pointers are taken once every vector has its final size.
        std::vector<std::pair<std::int64_t, std::pair<std::size_t, std::size_t>>> where;
        StatementUse s(all_targets_);
        while ((rc = s->step()) == SQLITE_ROW) {
            auto it = take_index.find(s->int64(1));
            if (it == take_index.end()) continue;  // the foreign key keeps this from happening
            TakeTarget t;
            t.contest = s->text(2);
            t.district = s->integer(3);
            t.sampled = static_cast<std::uint32_t>(s->int64(4));
            t.reported = static_cast<std::uint32_t>(s->int64(5));
            t.call = s->text(6);
            t.complete_coverage = s->integer(7) != 0;
            auto& list = takes[it->second].targets;
            where.push_back({s->int64(0), {it->second, list.size()}});
            list.push_back(std::move(t));
        }
        if (rc != SQLITE_DONE) return db_.error("load take targets", rc);
        for (const auto& [id, pos] : where) targets[id] = &takes[pos.first].targets[pos.second];
    }
    {
        StatementUse s(all_estimates_);
        while ((rc = s->step()) == SQLITE_ROW) {
            auto it = targets.find(s->int64(0));
            if (it == targets.end()) continue;
            TakeMeasure m;
            m.kind = kind_of(s->text(1));
            m.tag = s->text(2);
            m.versus = s->text(3);
            if (!s->is_null(4)) m.share = s->real(4);
            m.margin95 = s->real(5);
            m.margin99 = s->real(6);
            it->second->measures.push_back(std::move(m));
        }
        if (rc != SQLITE_DONE) return db_.error("load take estimates", rc);
    }
    {
        StatementUse s(all_strata_);
        while ((rc = s->step()) == SQLITE_ROW) {
            auto it = targets.find(s->int64(0));
            if (it == targets.end()) continue;
            it->second->strata.push_back(TakeStratum{s->text(1), static_cast<std::uint32_t>(s->int64(2)),
                                                     static_cast<std::uint32_t>(s->int64(3))});
        }
        if (rc != SQLITE_DONE) return db_.error("load take strata", rc);
    }
    return takes;
}

}  // namespace smsgw::store
