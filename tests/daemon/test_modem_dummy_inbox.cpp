// inject_sms writes gammu backup files that libgammu reads back as the same sender, text and parts.
#include "daemon/modem/inject_sms.hpp"
#include "tests/support/temp_dir.hpp"

#include <gammu.h>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

using namespace smsgw;
namespace fs = std::filesystem;

namespace {

using smsgw::test::TempDir;

struct ReadBack {
    std::string sender, text;
    int coding = 0, part = 0, total = 0, ref = -1;
};

ReadBack read_back(const std::string& file) {
    auto* backup = static_cast<GSM_SMS_Backup*>(std::calloc(1, sizeof(GSM_SMS_Backup)));
    REQUIRE(GSM_ReadSMSBackupFile(file.c_str(), backup) == ERR_NONE);
    REQUIRE(backup->SMS[0] != nullptr);
    const GSM_SMSMessage& m = *backup->SMS[0];
    ReadBack r;
    std::string buf(4 * 1024, '\0');
    EncodeUTF8(buf.data(), m.Number);
    r.sender = buf.c_str();
    EncodeUTF8(buf.data(), m.Text);
    r.text = buf.c_str();
    r.coding = m.Coding;
    r.part = m.UDH.PartNumber;
    r.total = m.UDH.AllParts;
    r.ref = m.UDH.ID8bit;
    GSM_FreeSMSBackup(backup);
    std::free(backup);
    return r;
}

}  // namespace

TEST_CASE("a short Latin message is one GSM-7 file in the inbox") {
    TempDir dir;
    auto files = inject_sms(dir.path.string(), "+77010000001", "R 01234 A312 B148 C57 X9 T526");
    REQUIRE(files.size() == 1);
    CHECK(files[0] == (dir.path / "sms/1/1").string());
    auto r = read_back(files[0]);
    CHECK(r.sender == "+77010000001");
    CHECK(r.text == "R 01234 A312 B148 C57 X9 T526");
    CHECK(r.coding == SMS_Coding_Default_No_Compression);
    CHECK(std::distance(fs::directory_iterator(dir.path / "sms/1"), fs::directory_iterator{}) == 1);
}

TEST_CASE("Cyrillic is UCS-2 and the next message takes the next free number") {
    TempDir dir;
    inject_sms(dir.path.string(), "+77010000001", "first");
    auto files = inject_sms(dir.path.string(), "+77010000002", "Р 01234 А312 @ урна опечатана");
    REQUIRE(files.size() == 1);
    CHECK(files[0] == (dir.path / "sms/1/2").string());
    auto r = read_back(files[0]);
    CHECK(r.text == "Р 01234 А312 @ урна опечатана");
    CHECK(r.coding == SMS_Coding_Unicode_No_Compression);
}

TEST_CASE("a long message becomes concatenated parts with the requested reference") {
    TempDir dir;
    std::string text;
    for (int i = 0; i < 40; ++i) text += "N 01234 1 2 3 ";
    InjectOptions o;
    o.concat_ref = 0x42;
    auto files = inject_sms(dir.path.string(), "+77010000003", text, o);
    REQUIRE(files.size() == 4);
    std::string joined;
    for (std::size_t i = 0; i < files.size(); ++i) {
        auto r = read_back(files[i]);
        CHECK(r.part == int(i) + 1);
        CHECK(r.total == 4);
        CHECK(r.ref == 0x42);
        joined += r.text;
    }
    CHECK(joined == text);
}

TEST_CASE("only some parts can be written, to simulate a lost part") {
    TempDir dir;
    InjectOptions o;
    o.only_parts = {2};
    auto files = inject_sms(dir.path.string(), "+77010000003", std::string(300, 'x'), o);
    REQUIRE(files.size() == 1);
    CHECK(read_back(files[0]).part == 2);
}

TEST_CASE("bad SMSC time is refused") {
    TempDir dir;
    InjectOptions o;
    o.smsc_time = "2024-09-20 20:15";
    CHECK_THROWS_AS(inject_sms(dir.path.string(), "+77010000001", "x", o), std::runtime_error);
}
