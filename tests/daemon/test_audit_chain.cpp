// The operators' audit trail on a real SQLite file: the chain holds, and an edited, deleted or moved row is named.
#include "daemon/audit/audit_chain.hpp"
#include "daemon/store/store.hpp"
#include "daemon/store/store_reader.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>

using namespace smsgw;

namespace {

struct Trail {
    std::filesystem::path dir;
    std::string db;

    Trail() {
        char tmpl[] = "/tmp/smsgw-audit-XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        dir = tmpl;
        db = (dir / "smsgw.db").string();
        store::Store s(db);
        // Five decisions, as operators take them on election night.
        const char* verbs[] = {"verify", "quarantine", "note", "release", "reject"};
        for (int i = 0; i < 5; ++i) {
            store::AuditEntry e{"op" + std::to_string(i), "review", verbs[i], std::int64_t{10 + i}, "01004", "{\"A\":1}",
                                "counts", "why " + std::to_string(i)};
            auto r = s.write([&](store::Transaction& tx) { return audit::append(tx, e); });
            REQUIRE(r.ok());
            CHECK(r->id == i + 1);
        }
    }
    ~Trail() { std::filesystem::remove_all(dir); }

    audit::ChainCheck check() {
        store::StoreReader r(db);
        auto rows = r.audit_since(0);
        auto head = r.audit_head();
        REQUIRE(rows.ok());
        REQUIRE(head.ok());
        return audit::verify_chain(*rows, *head);
    }

    // What someone with the file and the sqlite3 shell could do: the triggers go first.
    void tamper(const std::string& sql) {
        sqlite3* h = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
        char* err = nullptr;
        const std::string all = "DROP TRIGGER audit_append_only_update; DROP TRIGGER audit_append_only_delete; " + sql;
        const int rc = sqlite3_exec(h, all.c_str(), nullptr, nullptr, &err);
        CHECK_MESSAGE(rc == SQLITE_OK, (err ? err : ""));
        sqlite3_free(err);
        sqlite3_close(h);
    }
};

}  // namespace

TEST_CASE("an untouched audit trail verifies, and its head is the last row's hash") {
    Trail t;
    auto c = t.check();
    CHECK(c.ok());
    CHECK(c.rows == 5);
    CHECK(c.head.size() == 64);
}

TEST_CASE("the store refuses to change or delete an audit row") {
    Trail t;
    store::Store s(t.db);
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(t.db.c_str(), &h) == SQLITE_OK);
    CHECK(sqlite3_exec(h, "UPDATE audit SET operator = 'mallory' WHERE id = 2", nullptr, nullptr, nullptr) != SQLITE_OK);
    CHECK(sqlite3_exec(h, "DELETE FROM audit WHERE id = 2", nullptr, nullptr, nullptr) != SQLITE_OK);
    sqlite3_close(h);
    CHECK(t.check().ok());
}

TEST_CASE("an edited row is named: its content no longer matches its hash") {
    Trail t;
    t.tamper("UPDATE audit SET after = 'withheld' WHERE id = 3;");
    auto c = t.check();
    CHECK_FALSE(c.ok());
    REQUIRE(c.first_bad);
    CHECK(*c.first_bad == 3);
    CHECK_MESSAGE(c.problem.find("edited") != std::string::npos, c.problem);
}

TEST_CASE("an edited row whose hash was recomputed breaks the next row's link") {
    Trail t;
    t.tamper("UPDATE audit SET operator = 'mallory', hash = 'x' WHERE id = 2;");
    auto c = t.check();
    REQUIRE(c.first_bad);
    CHECK(*c.first_bad == 2);  // its own hash no longer matches what it holds
}

TEST_CASE("a deleted row is named, in the middle and at the end") {
    SUBCASE("middle") {
        Trail t;
        t.tamper("DELETE FROM audit WHERE id = 2;");
        auto c = t.check();
        REQUIRE(c.first_bad);
        CHECK(*c.first_bad == 3);
        CHECK_MESSAGE(c.problem.find("row 2 before it was deleted") != std::string::npos, c.problem);
    }
    SUBCASE("the newest") {
        Trail t;
        t.tamper("DELETE FROM audit WHERE id = 5;");
        auto c = t.check();
        REQUIRE(c.first_bad);
        CHECK(*c.first_bad == 5);
        CHECK_MESSAGE(c.problem.find("deleted") != std::string::npos, c.problem);
    }
    SUBCASE("the first") {
        Trail t;
        t.tamper("DELETE FROM audit WHERE id = 1;");
        auto c = t.check();
        REQUIRE(c.first_bad);
        CHECK(*c.first_bad == 2);
    }
}

TEST_CASE("reordered rows are named: two rows swapped places") {
    Trail t;
    // Rows 2 and 3 trade ids (their content and hashes move with them).
    t.tamper("UPDATE audit SET id = 100 WHERE id = 2; UPDATE audit SET id = 2 WHERE id = 3; "
             "UPDATE audit SET id = 3 WHERE id = 100;");
    auto c = t.check();
    CHECK_FALSE(c.ok());
    REQUIRE(c.first_bad);
    CHECK(*c.first_bad == 2);
}

TEST_CASE("appending after a check goes on chaining from the last row") {
    Trail t;
    {
        store::Store s(t.db);
        store::AuditEntry e{"op9", "call", "reached", std::nullopt, "01004", "", "+77010000003", "will resend"};
        auto r = s.write([&](store::Transaction& tx) { return audit::append(tx, e); });
        REQUIRE(r.ok());
        CHECK(r->id == 6);
    }
    CHECK(t.check().ok());
    CHECK(t.check().rows == 6);
}
