// Encodes SMS with libgammu and links them into a dummy device's inbox folder atomically.
#include "daemon/modem/inject_sms.hpp"

#include <gammu.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

namespace smsgw {

namespace {

struct FreeDeleter {
    void operator()(void* p) const noexcept { std::free(p); }
};

GSM_DateTime parse_smsc_time(const std::string& s) {
    GSM_DateTime dt{};
    std::tm tm{};
    if (s.empty()) {
        std::time_t now = std::time(nullptr);
        gmtime_r(&now, &tm);
    } else if (s.size() != 15 || s[8] != 'T' ||
               std::sscanf(s.c_str(), "%4d%2d%2dT%2d%2d%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                           &tm.tm_min, &tm.tm_sec) != 6) {
        throw std::runtime_error(fmt::format("bad SMSC time '{}': expected YYYYMMDDTHHMMSS", s));
    } else {
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
    }
    dt.Year = tm.tm_year + 1900;
    dt.Month = tm.tm_mon + 1;
    dt.Day = tm.tm_mday;
    dt.Hour = tm.tm_hour;
    dt.Minute = tm.tm_min;
    dt.Second = tm.tm_sec;
    dt.Timezone = 0;
    return dt;
}

void set_number(unsigned char* dest, std::size_t capacity_chars, std::string_view number) {
    if (number.size() >= capacity_chars) throw std::runtime_error(fmt::format("number too long: {}", number));
    std::string n(number);
    EncodeUnicode(dest, n.c_str(), n.size());
}

// Links `tmp` to the lowest free DIR/<n>; link(2) fails with EEXIST instead of overwriting.
std::string link_into_folder(const std::filesystem::path& folder, const std::filesystem::path& tmp) {
    for (int n = 1; n <= 10000; ++n) {
        auto target = folder / std::to_string(n);
        if (::link(tmp.c_str(), target.c_str()) == 0) return target.string();
        if (errno != EEXIST) throw std::runtime_error(fmt::format("cannot link {}: {}", target.string(), std::strerror(errno)));
    }
    throw std::runtime_error(fmt::format("{} is full (10000 messages)", folder.string()));
}

void fsync_path(const std::filesystem::path& p) {
    int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

std::vector<std::string> inject_sms(const std::string& device_dir, std::string_view sender, std::string_view text,
                                    const InjectOptions& options) {
    namespace fs = std::filesystem;
    if (options.folder < 1 || options.folder > 5) throw std::runtime_error("folder must be 1..5");
    const fs::path folder = fs::path(device_dir) / "sms" / std::to_string(options.folder);
    fs::create_directories(folder);

    // gammu's "unicode" is UCS-2BE with a 2-byte terminator; DecodeUTF8 writes at most 2 bytes per input byte.
    std::string utf8(text);
    std::vector<unsigned char> ucs2((utf8.size() + 2) * 2, 0);
    DecodeUTF8(ucs2.data(), utf8.c_str(), utf8.size());

    GSM_MultiPartSMSInfo info;
    GSM_ClearMultiPartSMSInfo(&info);
    info.Class = -1;
    info.EntriesNum = 1;
    info.UnicodeCoding = options.force_ucs2 ? TRUE : FALSE;
    info.Entries[0].ID = options.force_ucs2 ? SMS_ConcatenatedTextLong : SMS_ConcatenatedAutoTextLong;
    info.Entries[0].Buffer = ucs2.data();

    std::unique_ptr<GSM_MultiSMSMessage, FreeDeleter> multi(
        static_cast<GSM_MultiSMSMessage*>(std::calloc(1, sizeof(GSM_MultiSMSMessage))));
    std::unique_ptr<GSM_SMS_Backup, FreeDeleter> backup(
        static_cast<GSM_SMS_Backup*>(std::calloc(1, sizeof(GSM_SMS_Backup))));
    if (!multi || !backup) throw std::bad_alloc();
    GSM_Error err = GSM_EncodeMultiPartSMS(nullptr, &info, multi.get());
    info.Entries[0].Buffer = nullptr;  // ours, not libgammu's to free
    GSM_FreeMultiPartSMSInfo(&info);
    if (err != ERR_NONE) throw std::runtime_error(fmt::format("cannot encode SMS: {}", GSM_ErrorString(err)));

    const GSM_DateTime when = parse_smsc_time(options.smsc_time);
    std::vector<std::string> written;
    for (int i = 0; i < multi->Number; ++i) {
        GSM_SMSMessage& part = multi->SMS[i];
        if (!options.only_parts.empty() &&
            std::find(options.only_parts.begin(), options.only_parts.end(), i + 1) == options.only_parts.end())
            continue;
        part.PDU = SMS_Deliver;
        part.State = SMS_UnRead;
        part.Folder = options.folder;
        part.InboxFolder = TRUE;
        part.Memory = MEM_SM;
        part.DateTime = when;
        part.SMSCTime = when;
        set_number(part.Number, GSM_MAX_NUMBER_LENGTH, sender);
        set_number(part.SMSC.Number, GSM_MAX_NUMBER_LENGTH, options.smsc);
        if (options.concat_ref && multi->Number > 1) {
            part.UDH.ID8bit = *options.concat_ref & 0xff;
            GSM_EncodeUDHHeader(nullptr, &part.UDH);
        }
        const fs::path tmp = folder / fmt::format(".inject-{}-{}-{}.tmp", ::getpid(), std::rand(), i);
        backup->SMS[0] = &part;
        backup->SMS[1] = nullptr;
        err = GSM_AddSMSBackupFile(tmp.c_str(), backup.get());
        backup->SMS[0] = nullptr;
        if (err != ERR_NONE) {
            fs::remove(tmp);
            throw std::runtime_error(fmt::format("cannot write {}: {}", tmp.string(), GSM_ErrorString(err)));
        }
        fsync_path(tmp);
        std::string path;
        try {
            path = link_into_folder(folder, tmp);
        } catch (...) {
            fs::remove(tmp);
            throw;
        }
        fs::remove(tmp);
        written.push_back(std::move(path));
    }
    return written;
}

}  // namespace smsgw
