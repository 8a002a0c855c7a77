// One component's fixed timeouts and intervals as a named table (osmo-bsc's T_defs), checked at compile time.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <string_view>

namespace smsgw {

// One timeout or interval: its enum id, the name logs and docs use, its value, and why it is that.
template <typename Id>
struct TimerDef {
    Id id{};
    std::string_view name;
    std::chrono::milliseconds default_value{0};
    std::string_view description;
};

// A component's table: one TimerDef per value of the enum Id (which ends with `count_`), in the
// enum's order. A table that misses an id, repeats one or is out of order does not compile (the
// consteval constructor below cannot be evaluated), so no timeout is left without its entry.
template <typename Id>
class TimerTable {
public:
    static constexpr std::size_t size = static_cast<std::size_t>(Id::count_);
    static_assert(size > 0, "a timer table's enum ends with count_ after its ids");

    consteval TimerTable(std::initializer_list<TimerDef<Id>> defs) {
        if (defs.size() != size) throw "a timer table defines every id of its enum exactly once";
        std::size_t i = 0;
        for (const TimerDef<Id>& d : defs) {
            if (static_cast<std::size_t>(d.id) != i) throw "a timer table lists its ids in the enum's order";
            if (d.name.empty() || d.description.empty()) throw "every timer has a name and says why";
            defs_[i++] = d;
        }
    }

    constexpr std::chrono::milliseconds operator[](Id id) const { return defs_[static_cast<std::size_t>(id)].default_value; }
    constexpr const TimerDef<Id>& def(Id id) const { return defs_[static_cast<std::size_t>(id)]; }
    constexpr auto begin() const { return defs_.begin(); }
    constexpr auto end() const { return defs_.end(); }

private:
    std::array<TimerDef<Id>, size> defs_{};
};

// The values in force for one running component: the table's defaults, which tests may shorten.
template <typename Id, const TimerTable<Id>& Table>
class TimerValues {
public:
    TimerValues() {
        for (const TimerDef<Id>& d : Table) values_[static_cast<std::size_t>(d.id)] = d.default_value;
    }
    std::chrono::milliseconds operator[](Id id) const { return values_[static_cast<std::size_t>(id)]; }
    void set(Id id, std::chrono::milliseconds v) { values_[static_cast<std::size_t>(id)] = v; }

private:
    std::array<std::chrono::milliseconds, TimerTable<Id>::size> values_{};
};

}  // namespace smsgw
