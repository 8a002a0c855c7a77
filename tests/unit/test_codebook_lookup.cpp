// Codebook lookups: indexes by station code, phone, stratum counts and candidates per district.
#include "codebooks/codebook.hpp"

#include <doctest/doctest.h>

using namespace smsgw;

TEST_CASE("indexes give O(1) lookups and stratum sizes") {
    Codebook cb;
    cb.strata = {{"01U", "01", true, 0, 0}, {"01R", "01", false, 0, 0}};
    for (int i = 0; i < 5; ++i) {
        Station s;
        s.code = "0000" + std::to_string(i);
        s.stratum = i < 3 ? "01U" : "01R";
        s.sampled = i % 2 == 0;
        s.district = i < 3 ? 1 : 2;
        cb.stations.push_back(s);
    }
    Monitor m;
    m.phone = "+77011234567";
    m.districts = {2};
    cb.monitors.push_back(m);
    cb.candidates = {{2, "B", "b", "p", 0}, {1, "A", "a", "p", 0}, {2, "A", "a", "p", 0}};
    cb.build_indexes();

    REQUIRE(cb.find_station("00003") != nullptr);
    CHECK(cb.find_station("00003")->index == 3);
    CHECK(cb.find_station("99999") == nullptr);
    CHECK(cb.find_stratum("01U")->frame_size == 3);
    CHECK(cb.find_stratum("01U")->sampled == 2);
    CHECK(cb.find_stratum("01R")->frame_size == 2);
    CHECK(cb.find_stratum("01R")->sampled == 1);
    REQUIRE(cb.find_monitor("+77011234567") != nullptr);
    CHECK(cb.monitor_covers(*cb.find_monitor("+77011234567"), *cb.find_station("00004")));
    CHECK_FALSE(cb.monitor_covers(*cb.find_monitor("+77011234567"), *cb.find_station("00001")));
    auto c2 = cb.candidates_in(2);
    REQUIRE(c2.size() == 2);
    CHECK(c2[0].tag == "A");
    CHECK(c2[1].tag == "B");
    CHECK(cb.candidates_in(5).empty());
}
