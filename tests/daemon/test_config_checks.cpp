// Config values no TOML type catches: two modem sections on one device (symlinks resolved), phone numbers, modem names.
#include "daemon/config/config.hpp"
#include "daemon/config/config_checks.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

using namespace smsgw;
namespace fs = std::filesystem;

namespace {

using smsgw::test::TempDir;

std::string problems_of(const std::string& text) {
    try {
        parse_config(text, "/etc/smsgw/smsgw.toml");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

const char* gateway = "[gateway]\ndatabase = \"/tmp/x.db\"\ncodebook = \"/tmp/cb\"\n";

}  // namespace

TEST_CASE("two modem sections on one device are refused, also through a symlink such as /dev/serial/by-id") {
    TempDir dir;
    const fs::path tty = dir.path / "ttyUSB0";
    fs::create_directory(tty);  // stands for the device node: only its path matters
    fs::create_directories(dir.path / "by-id");
    fs::create_symlink(tty, dir.path / "by-id" / "usb-Huawei_E3372-if00");
    const std::string text = std::string(gateway) + "\n[modems.kcell]\ndevice = \"" + tty.string() +
                             "\"\nconnection = \"at\"\n\n[modems.beeline]\ndevice = \"" +
                             (dir.path / "by-id" / "usb-Huawei_E3372-if00").string() + "\"\nconnection = \"at\"\n";
    const std::string p = problems_of(text);
    INFO(p);
    // The second section's device line, naming the first section and its line.
    CHECK(p.find("/etc/smsgw/smsgw.toml:10: modems.beeline.device is ") != std::string::npos);
    CHECK(p.find("the device of [modems.kcell] (line 5)") != std::string::npos);
    CHECK(p.find("answered twice") != std::string::npos);

    // The same path written twice, and a trailing slash on a dummy directory.
    const std::string same = std::string(gateway) + "[modems.a]\ndevice = \"/dev/ttyUSB7\"\nconnection = \"at\"\n"
                             "[modems.b]\ndevice = \"/dev/ttyUSB7\"\nconnection = \"at115200\"\n";
    CHECK(problems_of(same).find("[modems.a]") != std::string::npos);
    const std::string dummy = std::string(gateway) + "[modems.a]\ndevice = \"" + tty.string() +
                              "\"\nconnection = \"none\"\nmodel = \"dummy\"\n[modems.b]\ndevice = \"" + tty.string() +
                              "/\"\nconnection = \"none\"\nmodel = \"dummy\"\n";
    CHECK(problems_of(dummy).find("modems.b.device") != std::string::npos);

    // Different devices, and proxy commands (a command, not a device) are fine.
    const std::string fine = std::string(gateway) + "[modems.a]\ndevice = \"/dev/ttyUSB0\"\nconnection = \"at\"\n"
                             "[modems.b]\ndevice = \"/dev/ttyUSB1\"\nconnection = \"at\"\n"
                             "[modems.c]\ndevice = \"fake_modem --script s\"\nconnection = \"proxyat\"\n"
                             "[modems.d]\ndevice = \"fake_modem --script s\"\nconnection = \"proxyat\"\n";
    CHECK(problems_of(fine) == "");
}

TEST_CASE("own, HQ and modem numbers must be phone numbers; the bad one is named with its line") {
    const std::string text = std::string(gateway) +
                             "own_numbers = [\"+77010009999\", \"+7 701 000 99 98\", \"call me\"]\n"
                             "hq_numbers = [\"8 (701) 123-45-67\", \"12345\"]\n"
                             "[modems.a]\ndevice = \"/dev/ttyUSB0\"\nconnection = \"at\"\nnumber = \"+7701abc\"\n";
    const std::string p = problems_of(text);
    INFO(p);
    CHECK(p.find("/etc/smsgw/smsgw.toml:4: gateway.own_numbers: \"call me\" is not a phone number") != std::string::npos);
    CHECK(p.find("gateway.hq_numbers: \"12345\" is not a phone number") != std::string::npos);
    CHECK(p.find("modems.a.number: \"+7701abc\" is not a phone number") != std::string::npos);
    CHECK(p.find("+7 701 000 99 98") == std::string::npos);
    CHECK(p.find("8 (701) 123-45-67") == std::string::npos);
    CHECK(is_phone_number("+77011234567"));
    CHECK(is_phone_number("+358 40 1234567"));
    CHECK_FALSE(is_phone_number("+7701123456789012"));  // 16 digits
    CHECK_FALSE(is_phone_number("77-01"));
    CHECK_FALSE(is_phone_number("+7701123456\n"));
    CHECK_FALSE(is_phone_number(""));
}

TEST_CASE("modem names are letters, digits, '_' and '-'") {
    for (const char* bad : {"\"a b\"", "\"sim/1\"", "\"x;rm -rf\"", "\"\\u0000\"", "\"ТЕЛЕ2\"", "\"\"",
                            "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\""}) {
        const std::string text = std::string(gateway) + "[modems." + bad + "]\ndevice = \"/dev/ttyUSB0\"\nconnection = \"at\"\n";
        const std::string p = problems_of(text);
        INFO(bad, " -> ", p);
        CHECK(p.find("a modem name is 1 to 32 letters, digits, '_' or '-'") != std::string::npos);
    }
    for (const char* good : {"kcell", "sim_1", "Beeline-2", "m"}) CHECK(is_safe_modem_name(good));
}
