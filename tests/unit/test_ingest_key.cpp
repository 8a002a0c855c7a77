// The idempotency key: equal for a redelivered part, different whenever any identifying field differs.
#include "daemon/ingest/idempotency_key.hpp"

#include <doctest/doctest.h>

#include <cstdio>

using namespace smsgw::ingest;
using smsgw::SystemTime;

namespace {

Part base() {
    Part p;
    p.modem = "m1";
    p.imei = "356938035643809";
    p.location = 3;
    p.sender = "+77011234567";
    p.smsc_time = "2024-03-01T08:15:02";
    p.received_at = SystemTime(std::chrono::seconds(1709280902));
    p.concat_ref = 66;
    p.concat_part = 1;
    p.concat_total = 3;
    p.text = "R 01234 A312";
    p.coding = "gsm7";
    return p;
}

}  // namespace

TEST_CASE("a redelivery (other SIM location, later read) has the same key") {
    Part a = base();
    Part b = base();
    b.location = 17;
    b.received_at += std::chrono::minutes(5);
    CHECK(idempotency_key(a) == idempotency_key(b));
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(content_hash("gsm7", "R 01234 A312")));
    CHECK(idempotency_key(a) == std::string("356938035643809|modem:2:m1|12:+77011234567|2024-03-01T08:15:02|66/1/3|") + hash);
}

TEST_CASE("two modems with the same IMEI (dummy driver, cloned modems) keep their messages apart") {
    Part a = base();
    a.imei = "999999999999999";
    Part b = a;
    b.modem = "m2";
    CHECK(idempotency_key(a) != idempotency_key(b));
}

TEST_CASE("every identifying field changes the key") {
    const std::string k = idempotency_key(base());
    auto differs = [&](auto change) {
        Part p = base();
        change(p);
        return idempotency_key(p) != k;
    };
    CHECK(differs([](Part& p) { p.imei = "356938035643810"; }));
    CHECK(differs([](Part& p) { p.sender = "+77011234568"; }));
    CHECK(differs([](Part& p) { p.smsc_time = "2024-03-01T08:15:03"; }));
    CHECK(differs([](Part& p) { p.concat_ref = 67; }));
    CHECK(differs([](Part& p) { p.concat_part = 2; }));
    CHECK(differs([](Part& p) { p.concat_total = 4; }));
    CHECK(differs([](Part& p) { p.text = "R 01234 A313"; }));
    CHECK(differs([](Part& p) { p.coding = "ucs2"; }));
}

TEST_CASE("a sender containing the separator cannot forge another key") {
    Part a = base();
    a.sender = "x|2024";
    Part b = base();
    b.sender = "x";
    CHECK(idempotency_key(a) != idempotency_key(b));
}

TEST_CASE("without an IMEI the modem name identifies the modem") {
    Part a = base();
    a.imei.clear();
    Part b = a;
    b.modem = "m2";
    CHECK(idempotency_key(a) != idempotency_key(b));
    CHECK(idempotency_key(a).rfind("-|modem:2:m1|", 0) == 0);
}

TEST_CASE("without an SMSC time every read of one SIM record has the same key, and other records other keys") {
    Part a = base();
    a.smsc_time.clear();
    Part b = a;
    b.received_at += std::chrono::seconds(30);  // read again: the modem could not delete it
    CHECK(idempotency_key(a) == idempotency_key(b));
    CHECK(idempotency_key(a).find("|sim:3|") != std::string::npos);
    Part c = a;
    c.location = 4;  // the same text sent again, stored by the modem in another location
    CHECK(idempotency_key(a) != idempotency_key(c));
}
